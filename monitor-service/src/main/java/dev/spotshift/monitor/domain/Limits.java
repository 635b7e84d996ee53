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
        double maxCpuUtilisationPercent,
        java.util.List<Review> reviews) {

    public Limits {
        reviews = reviews == null ? java.util.List.of() : java.util.List.copyOf(reviews);
    }

    /** A plan without review rules (the rules of the two rollback tiers and the gate only). */
    public Limits(double errorRatePercent, long errorRateWindowMillis, int minJobsForErrorRate,
                  boolean rollbackOnJobFailure, boolean rollbackOnDataInconsistency, double degradationPercent,
                  long degradationWindowMillis, double minCostEfficiencyPercent, long costWindowMillis,
                  double gateProcessingTimeIncreasePercent, double gateMaxErrorRatePercent,
                  double maxCpuUtilisationPercent) {
        this(errorRatePercent, errorRateWindowMillis, minJobsForErrorRate, rollbackOnJobFailure,
                rollbackOnDataInconsistency, degradationPercent, degradationWindowMillis, minCostEfficiencyPercent,
                costWindowMillis, gateProcessingTimeIncreasePercent, gateMaxErrorRatePercent, maxCpuUtilisationPercent,
                java.util.List.of());
    }

    public Limits withReviews(java.util.List<Review> rules) {
        return new Limits(errorRatePercent, errorRateWindowMillis, minJobsForErrorRate, rollbackOnJobFailure,
                rollbackOnDataInconsistency, degradationPercent, degradationWindowMillis, minCostEfficiencyPercent,
                costWindowMillis, gateProcessingTimeIncreasePercent, gateMaxErrorRatePercent, maxCpuUtilisationPercent,
                rules);
    }

    public static Limits seedDefaults() {
        return new Limits(0.01, 60_000, 20, true, true, 10.0, 900_000, 40.0, 3_600_000, 5.0, 0.0, 80.0);
    }

    /** The longest trailing window a rule looks back over: how long samples must be kept. */
    public long longestWindowMillis() {
        long longest = Math.max(errorRateWindowMillis, Math.max(degradationWindowMillis, costWindowMillis));
        for (Review r : reviews) {
            longest = Math.max(longest, r.windowMillis());
        }
        return longest;
    }
}
