package dev.spotshift.monitor.domain;

/**
 * Sums of a shadow run's samples: kept in the run's gate (not as samples), so a 2 h run costs one fixed-size record
 * and is judged as a whole when it ends. Job times are weighted by jobs, as {@link WindowStats} does.
 */
public record ShadowTotals(long samples, long jobsCompleted, long jobsFailed, long weightedJobMillis, long costMicros,
                           long mismatches, long lastSampleAtMillis) {

    public static final ShadowTotals EMPTY = new ShadowTotals(0, 0, 0, 0, 0, 0, Long.MIN_VALUE);

    /** {@code mismatches}: the jobs whose outputs differed, as the sample counts them or names them (the larger). */
    public ShadowTotals plus(Sample s, int mismatches) {
        return new ShadowTotals(samples + 1, jobsCompleted + s.jobsCompleted(), jobsFailed + s.jobsFailed(),
                weightedJobMillis + s.meanJobMillis() * (long) s.jobsCompleted(), costMicros + s.costMicros(),
                this.mismatches + Math.max(s.dataInconsistencies(), mismatches), s.atMillis());
    }

    public long jobs() {
        return jobsCompleted + jobsFailed;
    }

    public double meanJobMillis() {
        return jobsCompleted == 0 ? 0.0 : (double) weightedJobMillis / jobsCompleted;
    }

    public double costPerJobMicros() {
        return jobsCompleted == 0 ? 0.0 : (double) costMicros / jobsCompleted;
    }
}
