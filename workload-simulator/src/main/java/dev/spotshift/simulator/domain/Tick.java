package dev.spotshift.simulator.domain;

import java.time.Instant;
import java.util.List;

/** What one sampling interval of one plan produced: a metric sample and any two-minute warnings. */
public record Tick(Sample sample, List<Warning> warnings, Shadow shadow) {

    public Tick(Sample sample, List<Warning> warnings) {
        this(sample, warnings, null);
    }

    /**
     * The same interval's jobs run again on the shadow spot capacity (seed 000's launch_shadow_mode): each job's
     * output compared with the serving on-demand output; {@code mismatches} are the jobs whose outputs differed.
     */
    public record Shadow(Sample sample, List<Mismatch> mismatches) {
        public Shadow {
            mismatches = List.copyOf(mismatches);
        }
    }

    /** One job whose shadow output differs: its id and the SHA-256 of both outputs. */
    public record Mismatch(String jobId, String spotChecksum, String onDemandChecksum) {
    }

    /** The numbers of a MetricSample; money in micro-USD over the interval. */
    public record Sample(long intervalMillis, int jobsCompleted, int jobsFailed, long meanJobMillis, double cpuPercent,
                         long costMicros, long onDemandCostMicros, int spotPercent) {
    }

    /** An EC2 spot interruption warning for one instance, due at {@code deadline} (notice + 120 s). */
    public record Warning(String instanceId, String instanceType, String availabilityZone, Instant noticeAt,
                          Instant deadline) {
    }
}
