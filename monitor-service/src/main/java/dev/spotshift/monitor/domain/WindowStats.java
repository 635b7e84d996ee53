package dev.spotshift.monitor.domain;

import java.util.List;

/** Totals over a window's samples; rates and means are weighted by jobs, not by samples. */
public record WindowStats(
        int samples,
        long jobsCompleted,
        long jobsFailed,
        long weightedJobMillis,
        double cpuPercentSum,
        long costMicros,
        long onDemandCostMicros,
        double spotShareOfOnDemandMicros,
        long dataInconsistencies) {

    /**
     * The totals of {@code window}: from its running totals when it is a {@link TimeOrdered} list (two lookups), else
     * by one pass. The spot share is summed as whole micros times percent and divided once, so both give the same.
     */
    public static WindowStats of(List<Sample> window) {
        if (window instanceof TimeOrdered ordered) {
            return ordered.stats();
        }
        long completed = 0, failed = 0, weighted = 0, cost = 0, onDemand = 0, inconsistencies = 0, spotShare = 0;
        double cpu = 0;
        for (Sample s : window) {
            completed += s.jobsCompleted();
            failed += s.jobsFailed();
            weighted += s.meanJobMillis() * (long) s.jobsCompleted();
            cpu += s.cpuPercent();
            cost += s.costMicros();
            onDemand += s.onDemandCostMicros();
            spotShare += s.onDemandCostMicros() * (long) s.spotPercent();
            inconsistencies += s.dataInconsistencies();
        }
        return new WindowStats(window.size(), completed, failed, weighted, cpu, cost, onDemand, spotShare / 100.0,
                inconsistencies);
    }

    public long jobs() {
        return jobsCompleted + jobsFailed;
    }

    public double errorRatePercent() {
        return jobs() == 0 ? 0.0 : 100.0 * jobsFailed / jobs();
    }

    public boolean hasJobTimes() {
        return jobsCompleted > 0;
    }

    public double meanJobMillis() {
        return hasJobTimes() ? (double) weightedJobMillis / jobsCompleted : 0.0;
    }

    public double meanCpuPercent() {
        return samples == 0 ? 0.0 : cpuPercentSum / samples;
    }

    public double costPerJobMicros() {
        return hasJobTimes() ? (double) costMicros / jobsCompleted : 0.0;
    }

    public long savingsMicros() {
        return onDemandCostMicros - costMicros;
    }

    public double savingsPercent() {
        return onDemandCostMicros == 0 ? 0.0 : 100.0 * savingsMicros() / onDemandCostMicros;
    }

    public boolean ranOnSpot() {
        return spotShareOfOnDemandMicros > 0;
    }

    /**
     * Savings delivered per unit of spot share: at 25 % spot a 17 % saving is a 68 % efficient use
     * of spot. Judging raw savings instead would condemn every early step, which cannot save 40 %.
     */
    public double costEfficiencyPercent() {
        return ranOnSpot() ? 100.0 * savingsMicros() / spotShareOfOnDemandMicros : 0.0;
    }
}
