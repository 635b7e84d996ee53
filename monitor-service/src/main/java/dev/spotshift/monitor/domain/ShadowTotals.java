package dev.spotshift.monitor.domain;

/**
 * Sums of a shadow run's samples: kept in the run's gate (not as samples), so a 2 h run costs one fixed-size record
 * and is judged as a whole when it ends. Job times are weighted by jobs, as {@link WindowStats} does.
 */
public record ShadowTotals(long samples, long jobsCompleted, long jobsFailed, long weightedJobMillis, long costMicros,
                           long mismatches, long lastSampleAtMillis, long onDemandCostMicros) {

    public static final ShadowTotals EMPTY = new ShadowTotals(0, 0, 0, 0, 0, 0, Long.MIN_VALUE, 0);

    /** {@code mismatches}: the jobs whose outputs differed, as the sample counts them or names them (the larger). */
    public ShadowTotals plus(Sample s, int mismatches) {
        return new ShadowTotals(samples + 1, jobsCompleted + s.jobsCompleted(), jobsFailed + s.jobsFailed(),
                weightedJobMillis + s.meanJobMillis() * (long) s.jobsCompleted(), costMicros + s.costMicros(),
                this.mismatches + Math.max(s.dataInconsistencies(), mismatches), s.atMillis(),
                onDemandCostMicros + s.onDemandCostMicros());
    }

    public long jobs() {
        return jobsCompleted + jobsFailed;
    }

    public double meanJobMillis() {
        return jobsCompleted == 0 ? 0.0 : (double) weightedJobMillis / jobsCompleted;
    }

    /**
     * The run's capacity was priced: a cost, or at least its on-demand equivalent. Spot capacity whose price rounds
     * to 0 micro-dollars per sample (moto's fixed $0.00001/h; a tiny instance over a short window) reports cost 0
     * beside a priced on-demand equivalent — a measured cost of 0, not a missing one.
     */
    public boolean priced() {
        return costMicros > 0 || onDemandCostMicros > 0;
    }

    public double costPerJobMicros() {
        return jobsCompleted == 0 ? 0.0 : (double) costMicros / jobsCompleted;
    }
}
