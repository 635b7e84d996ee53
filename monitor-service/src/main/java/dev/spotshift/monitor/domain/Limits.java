package dev.spotshift.monitor.domain;

/**
 * The thresholds a plan carries (seed 000 as defaults). Windows are milliseconds so tests and the
 * demo can shorten them to seconds; no rule has a window of its own.
 */
public record Limits(
        double errorRatePercent,
        long errorRateWindowMillis,
        int minJobsForErrorRate,
        boolean rollbackOnJobFailure,
        boolean rollbackOnDataInconsistency,
        double degradationPercent,
        long degradationWindowMillis,
        double minCostEfficiencyPercent,
        long costWindowMillis,
        double gateProcessingTimeIncreasePercent,
        double gateMaxErrorRatePercent,
        double maxCpuUtilisationPercent) {

    public static Limits seedDefaults() {
        return new Limits(0.01, 60_000, 20, true, true, 10.0, 900_000, 40.0, 3_600_000, 5.0, 0.0, 80.0);
    }

    /** The longest trailing window a rule looks back over: how long samples must be kept. */
    public long longestWindowMillis() {
        return Math.max(errorRateWindowMillis, Math.max(degradationWindowMillis, costWindowMillis));
    }
}
