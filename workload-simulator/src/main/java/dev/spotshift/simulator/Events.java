package dev.spotshift.simulator;

import dev.spotshift.events.EventEnvelope;
import dev.spotshift.events.InterruptionKind;
import dev.spotshift.events.MetricSample;
import dev.spotshift.events.OutputMismatch;
import dev.spotshift.events.SpotInterruptionWarning;
import dev.spotshift.events.WorkloadCommand;
import dev.spotshift.events.WorkloadReport;
import dev.spotshift.schemas.Envelopes;
import dev.spotshift.simulator.domain.Tick;
import java.time.Clock;

/** The simulator's events. Samples and warnings are outside observations (no cause); reports answer a command. */
final class Events {

    static final String PRODUCER = "workload-simulator/0.1.0";

    private Events() {}

    static MetricSample sample(String planId, Tick.Sample s, Clock clock) {
        return MetricSample.newBuilder()
                .setEnvelope(Envelopes.next(planId, PRODUCER, null, clock))
                .setInstanceId(null)
                .setIntervalMillis(s.intervalMillis())
                .setJobsCompleted(s.jobsCompleted())
                .setJobsFailed(s.jobsFailed())
                .setMeanJobMillis(s.meanJobMillis())
                .setCpuUtilisationPercent(s.cpuPercent())
                .setCostMicros(s.costMicros())
                .setOnDemandCostMicros(s.onDemandCostMicros())
                .setSpotPercent(s.spotPercent())
                .setDataInconsistencies(0)
                .setShadow(false)
                .build();
    }

    /** The shadow run's sample: the same jobs on the shadow spot capacity, each output compared with on-demand. */
    static MetricSample shadowSample(String planId, Tick.Shadow shadow, Clock clock) {
        MetricSample m = sample(planId, shadow.sample(), clock);
        m.setShadow(true);
        m.setDataInconsistencies(shadow.mismatches().size());
        m.setOutputMismatches(shadow.mismatches().stream().map(x -> OutputMismatch.newBuilder().setJobId(x.jobId())
                .setSpotChecksum(x.spotChecksum()).setOnDemandChecksum(x.onDemandChecksum()).build()).toList());
        return m;
    }

    static SpotInterruptionWarning warning(String planId, Tick.Warning w, Clock clock) {
        EventEnvelope envelope = Envelopes.next(planId, PRODUCER, null, clock);
        return SpotInterruptionWarning.newBuilder()
                .setEnvelope(envelope)
                .setKind(InterruptionKind.INTERRUPTION_WARNING)
                .setInstanceId(w.instanceId())
                .setInstanceType(w.instanceType())
                .setAvailabilityZone(w.availabilityZone())
                .setAction("terminate")
                .setNoticeAt(w.noticeAt())
                .setDeadline(w.deadline())
                .setSourceEventId(envelope.getEventId())
                .build();
    }

    static WorkloadReport report(WorkloadCommand cmd, boolean ok, long size, String sha256, String error, Clock clock) {
        return WorkloadReport.newBuilder()
                .setEnvelope(Envelopes.answering(cmd.getEnvelope(), PRODUCER, clock))
                .setCommandId(cmd.getCommandId())
                .setAction(cmd.getAction())
                .setInstanceId(cmd.getInstanceId())
                .setSucceeded(ok)
                .setLocation(cmd.getLocation())
                .setSizeBytes(size)
                .setSha256(sha256)
                .setError(error)
                .build();
    }
}
