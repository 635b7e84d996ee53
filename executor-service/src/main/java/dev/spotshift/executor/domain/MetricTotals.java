package dev.spotshift.executor.domain;

/**
 * Sums of the workload's samples over one observation window (baseline, shadow run, validation period).
 * Kept as sums, not averages, so the store holds a fixed-size record however many samples arrive.
 */
public record MetricTotals(long samples, long jobsCompleted, long jobsFailed, long jobMillisSum, double cpuSum,
                           long costMicros, long onDemandCostMicros, long intervalMillis, long inconsistencies) {

    public static final MetricTotals EMPTY = new MetricTotals(0, 0, 0, 0, 0, 0, 0, 0, 0);

    public MetricTotals plus(Input.MetricObserved m) {
        return new MetricTotals(samples + 1, jobsCompleted + m.jobsCompleted(), jobsFailed + m.jobsFailed(),
                jobMillisSum + m.meanJobMillis() * m.jobsCompleted(), cpuSum + m.cpuUtilisationPercent(),
                costMicros + m.costMicros(), onDemandCostMicros + m.onDemandCostMicros(),
                intervalMillis + m.intervalMillis(), inconsistencies + m.dataInconsistencies());
    }

    public BaselineFigures toBaseline() {
        long jobs = jobsCompleted + jobsFailed;
        return new BaselineFigures(
                jobsCompleted == 0 ? 0 : jobMillisSum / jobsCompleted,
                jobs == 0 ? 0.0 : 100.0 * jobsFailed / jobs,
                // nearest, not truncated: at demo speed a job costs about one micro-dollar, where truncating 1.9 to 1
                // would make the cost gate fail any step that costs more than half the baseline's remainder
                jobsCompleted == 0 ? 0 : Math.round((double) costMicros / jobsCompleted),
                samples == 0 ? 0.0 : cpuSum / samples,
                intervalMillis == 0 ? 0.0 : jobsCompleted * 3_600_000.0 / intervalMillis,
                samples, true);
    }

    /** Spot savings against on-demand over the window, in percent (0 when nothing was measured). */
    public double savingsPercent() {
        return onDemandCostMicros == 0 ? 0.0 : 100.0 * (onDemandCostMicros - costMicros) / onDemandCostMicros;
    }
}
