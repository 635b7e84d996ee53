package dev.spotshift.monitor.domain;

/** Typed builders for samples in tests: one per second unless told, healthy unless told. */
final class Samples {

    static final long BASE_JOB_MILLIS = 1_000;
    static final BaselineFigures BASELINE = new BaselineFigures(BASE_JOB_MILLIS, 0.0, 100, 50.0, true);

    private Samples() {}

    static Sample healthy(String id, long atMillis, int jobs) {
        return new Sample(id, atMillis, 1_000, jobs, 0, BASE_JOB_MILLIS, 50.0, 30 * jobs, 100 * jobs, 100, 0);
    }

    static Sample failing(String id, long atMillis, int completed, int failed) {
        return new Sample(id, atMillis, 1_000, completed, failed, BASE_JOB_MILLIS, 50.0, 30L * completed, 100L * completed, 100, 0);
    }

    static Sample slow(String id, long atMillis, int jobs, long meanJobMillis) {
        return new Sample(id, atMillis, 1_000, jobs, 0, meanJobMillis, 50.0, 30 * jobs, 100 * jobs, 100, 0);
    }

    static Sample costing(String id, long atMillis, int jobs, long costMicros, long onDemandMicros, int spotPercent) {
        return new Sample(id, atMillis, 1_000, jobs, 0, BASE_JOB_MILLIS, 50.0, costMicros, onDemandMicros, spotPercent, 0);
    }

    static Sample inconsistent(String id, long atMillis) {
        return new Sample(id, atMillis, 1_000, 10, 0, BASE_JOB_MILLIS, 50.0, 300, 1_000, 100, 1);
    }

    /** Seed thresholds with windows shortened to seconds, as tests and the demo plans carry them. */
    static Limits shortWindows() {
        return new Limits(0.01, 60_000, 20, true, true, 10.0, 15_000, 40.0, 60_000, 5.0, 0.0, 80.0);
    }

    static Limits withJobFailureRule(Limits l, boolean rollbackOnJobFailure) {
        return new Limits(l.errorRatePercent(), l.errorRateWindowMillis(), l.minJobsForErrorRate(), rollbackOnJobFailure,
                l.rollbackOnDataInconsistency(), l.degradationPercent(), l.degradationWindowMillis(),
                l.minCostEfficiencyPercent(), l.costWindowMillis(), l.gateProcessingTimeIncreasePercent(),
                l.gateMaxErrorRatePercent(), l.maxCpuUtilisationPercent());
    }
}
