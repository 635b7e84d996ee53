package dev.spotshift.monitor.domain;

/**
 * One workload observation as the rules see it: the jobs that finished in the interval ending at
 * {@code atMillis}. A sample covers {@code (atMillis - intervalMillis, atMillis]}.
 */
public record Sample(
        String sampleId,
        long atMillis,
        long intervalMillis,
        int jobsCompleted,
        int jobsFailed,
        long meanJobMillis,
        double cpuPercent,
        long costMicros,
        long onDemandCostMicros,
        int spotPercent,
        int dataInconsistencies) {

    public int jobs() {
        return jobsCompleted + jobsFailed;
    }

    public long coveredFromMillis() {
        return atMillis - intervalMillis;
    }

    public long savingsMicros() {
        return onDemandCostMicros - costMicros;
    }
}
