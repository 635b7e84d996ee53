package dev.spotshift.bridge.domain;

/** The numbers of one MetricSample of a plan; money in micro-USD over the interval. */
public record SampleFigures(String planId, long intervalMillis, int jobsCompleted, int jobsFailed, long meanJobMillis,
                            double cpuPercent, long costMicros, long onDemandCostMicros, int spotPercent) {
}
