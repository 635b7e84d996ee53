package dev.spotshift.executor.streams;

import dev.spotshift.events.InterruptionKind;
import dev.spotshift.events.SpotInterruptionWarning;
import dev.spotshift.events.WorkloadCommand;
import dev.spotshift.events.WorkloadReport;
import java.time.Instant;

/** Interruption-side events as the EventBridge bridge (or the simulator) and the workload's agent send them. */
public final class SpotEvents {

    private SpotEvents() {}

    public static SpotInterruptionWarning warning(String planId, Instant at, String instanceId, String type,
                                                  String zone) {
        return SpotInterruptionWarning.newBuilder().setEnvelope(ContractEvents.envelope(planId, at, "bridge/test"))
                .setKind(InterruptionKind.INTERRUPTION_WARNING).setInstanceId(instanceId).setInstanceType(type)
                .setAvailabilityZone(zone).setAction("terminate").setNoticeAt(at).setDeadline(at.plusSeconds(120))
                .build();
    }

    /** The agent's answer once it has written the checkpoint ({@code sha256} as the store recorded it). */
    public static WorkloadReport checkpointed(WorkloadCommand cmd, Instant at, long size, String sha256) {
        return WorkloadReport.newBuilder().setEnvelope(ContractEvents.envelope(cmd.getEnvelope().getPlanId(), at,
                        "workload-agent/test")).setCommandId(cmd.getCommandId()).setAction(cmd.getAction())
                .setInstanceId(cmd.getInstanceId()).setSucceeded(true).setLocation(cmd.getLocation())
                .setSizeBytes(size).setSha256(sha256).build();
    }
}
