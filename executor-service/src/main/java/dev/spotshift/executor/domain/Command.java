package dev.spotshift.executor.domain;

import java.util.List;

/** What a transition asks the outside world to do, in order. The adapter executes; the domain only decides. */
public sealed interface Command {

    /** Set the workload's spot share (idempotent: a target, not a delta). Never emitted for DRY_RUN plans. */
    record SetSpotShare(String region, String groupName, int spotPercent, int onDemandBase, String allocationStrategy,
                        java.util.List<String> instanceTypes) implements Command {}

    /** Run the cloud-side pre-flight probes and feed {@link Input.ProbesCompleted} back. */
    record RunPreflightProbes(PlanSpec plan) implements Command {}

    /** Ask the workload on the instance to checkpoint to {@code location} before {@code deadline} (workload-commands). */
    record RequestCheckpoint(String commandId, String causationId, String instanceId, String location,
                             java.time.Instant deadline) implements Command {}

    /** Head the reported checkpoint in the store; answers {@link Input.CheckpointVerified}. */
    record VerifyCheckpoint(String warningId, String location, long sizeBytes, String sha256) implements Command {}

    /**
     * Launch one instance in place of the interrupted one: spot in the given types (first with capacity wins),
     * on-demand {@code fallbackType} when spot is short or {@code spot} is false. Answers {@link Input.ReplacementStarted}.
     */
    record LaunchReplacement(String warningId, String region, String planId, boolean spot, List<String> instanceTypes,
                             String fallbackType, String interruptedInstanceId) implements Command {}

    /** Read the checkpoint back for the replacement; answers {@link Input.RestoreValidated}. */
    record ValidateRestore(String warningId, String location, String sha256) implements Command {}

    /** Read price variation and interruption rate of the types; answers {@link Input.MarketRead}. */
    record ReadMarket(String region, List<String> instanceTypes, long lookbackMillis) implements Command {}

    /**
     * Publish an event. {@code eventId} is derived from the decision and a per-plan sequence, so a replay of the
     * same transition republishes the same ids and consumers deduplicate it.
     */
    record Publish(String eventId, String causationId, Stage stage, int spotPercent, Payload payload)
            implements Command {}
}
