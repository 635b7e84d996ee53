package dev.spotshift.bridge.domain;

/**
 * The numbers of one MetricSample of a plan; money in micro-USD over the interval. {@code shadow}: the plan's shadow
 * run (its shadow capacity's jobs and cost), with {@code dataInconsistencies} jobs whose output differed.
 */
public record SampleFigures(String planId, long intervalMillis, int jobsCompleted, int jobsFailed, long meanJobMillis,
                            double cpuPercent, long costMicros, long onDemandCostMicros, int spotPercent,
                            boolean shadow, int dataInconsistencies) {

    /** The serving capacity's figures. */
    public SampleFigures(String planId, long intervalMillis, int jobsCompleted, int jobsFailed, long meanJobMillis,
                         double cpuPercent, long costMicros, long onDemandCostMicros, int spotPercent) {
        this(planId, intervalMillis, jobsCompleted, jobsFailed, meanJobMillis, cpuPercent, costMicros,
                onDemandCostMicros, spotPercent, false, 0);
    }
}
