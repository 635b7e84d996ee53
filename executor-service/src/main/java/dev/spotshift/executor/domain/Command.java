package dev.spotshift.executor.domain;

/** What a transition asks the outside world to do, in order. The adapter executes; the domain only decides. */
public sealed interface Command {

    /** Set the workload's spot share (idempotent: a target, not a delta). Never emitted for DRY_RUN plans. */
    record SetSpotShare(String region, String groupName, int spotPercent, int onDemandBase, String allocationStrategy,
                        java.util.List<String> instanceTypes) implements Command {}

    /** Run the cloud-side pre-flight probes and feed {@link Input.ProbesCompleted} back. */
    record RunPreflightProbes(PlanSpec plan) implements Command {}

    /**
     * Publish an event. {@code eventId} is derived from the decision and a per-plan sequence, so a replay of the
     * same transition republishes the same ids and consumers deduplicate it.
     */
    record Publish(String eventId, String causationId, Stage stage, int spotPercent, Payload payload)
            implements Command {}
}
