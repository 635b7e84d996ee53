package dev.spotshift.simulator.domain;

import java.time.Instant;
import java.util.List;

/** What one sampling interval of one plan produced: a metric sample and any two-minute warnings. */
public record Tick(Sample sample, List<Warning> warnings) {

    /** The numbers of a MetricSample; money in micro-USD over the interval. */
    public record Sample(long intervalMillis, int jobsCompleted, int jobsFailed, long meanJobMillis, double cpuPercent,
                         long costMicros, long onDemandCostMicros, int spotPercent) {
    }

    /** An EC2 spot interruption warning for one instance, due at {@code deadline} (notice + 120 s). */
    public record Warning(String instanceId, String instanceType, String availabilityZone, Instant noticeAt,
                          Instant deadline) {
    }
}
