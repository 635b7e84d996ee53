package dev.spotshift.monitor.domain;

import java.util.Optional;

/**
 * Bad input is not folded in: a sample with impossible values, or one so far out of order that
 * every window it belonged to has already been judged, goes to the dead letters with this reason.
 */
public final class SampleValidation {

    private SampleValidation() {}

    public static Optional<String> problem(Sample s) {
        if (s.intervalMillis() <= 0) {
            return Optional.of("intervalMillis must be positive, was " + s.intervalMillis());
        }
        if (s.jobsCompleted() < 0 || s.jobsFailed() < 0 || s.dataInconsistencies() < 0) {
            return Optional.of("job counts must not be negative");
        }
        if (s.meanJobMillis() < 0 || s.costMicros() < 0 || s.onDemandCostMicros() < 0) {
            return Optional.of("job time and costs must not be negative");
        }
        if (Double.isNaN(s.cpuPercent()) || s.cpuPercent() < 0 || s.cpuPercent() > 100) {
            return Optional.of("cpuUtilisationPercent must be within [0, 100], was " + s.cpuPercent());
        }
        if (s.spotPercent() < 0 || s.spotPercent() > 100) {
            return Optional.of("spotPercent must be within [0, 100], was " + s.spotPercent());
        }
        return Optional.empty();
    }

    /** Too late: older than the longest window behind the newest sample already seen for the plan. */
    public static Optional<String> lateness(Sample s, long latestSampleMillis, long longestWindowMillis) {
        long behind = latestSampleMillis - s.atMillis();
        if (latestSampleMillis > 0 && behind > longestWindowMillis) {
            return Optional.of("sample is " + behind + " ms behind the plan's newest sample, beyond the longest window ("
                    + longestWindowMillis + " ms) it could still count in");
        }
        return Optional.empty();
    }
}
