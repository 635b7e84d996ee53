package dev.spotshift.executor.domain;

import java.util.List;

/** What a transition asks the outside world to do, in order. The adapter executes; the domain only decides. */
public sealed interface Command {

    /**
     * A cloud action: published as a command event and carried out outside the stream transaction; its answer
     * comes back as {@link Input.CloudAnswered}. {@code commandId} is derived from the plan's decision and event
     * sequence, so a replayed transition asks for the same action under the same id.
     */
    sealed interface CloudAction extends Command {
        String commandId();

        /** Changes capacity (a DRY_RUN plan never sends one). */
        default boolean writes() {
            return false;
        }
    }

    /**
     * Set the workload's spot share (idempotent: a target, not a delta). Never emitted for DRY_RUN plans. A share
     * above 0 carries the plan's autoscaling rules (null: none), installed with it.
     */
    record SetSpotShare(String commandId, String region, String groupName, int spotPercent, int onDemandBase,
                        String allocationStrategy, java.util.List<String> instanceTypes, Long maxPriceMicros,
                        Double maxPriceFractionOfOnDemand, Scaling scaling, GroupSize size) implements CloudAction {

        /** A share on the group's own sizes. */
        public SetSpotShare(String commandId, String region, String groupName, int spotPercent, int onDemandBase,
                            String allocationStrategy, java.util.List<String> instanceTypes, Long maxPriceMicros,
                            Double maxPriceFractionOfOnDemand, Scaling scaling) {
            this(commandId, region, groupName, spotPercent, onDemandBase, allocationStrategy, instanceTypes,
                    maxPriceMicros, maxPriceFractionOfOnDemand, scaling, null);
        }

        @Override
        public boolean writes() {
            return true;
        }
    }

    /**
     * The sizes a share also sets (a failover's backup group holds exactly the moved share): a target, changed only
     * where the group differs, read back with the share.
     */
    record GroupSize(int min, int max, int desired) {
        public GroupSize {
            if (min < 0 || min > desired || desired > max) {
                throw new IllegalArgumentException("need 0 <= min <= desired <= max: " + min + "/" + desired + "/" + max);
            }
        }
    }

    /** Put the group back exactly as {@code snapshot} (captured before the first change); answers like a share. */
    record RestoreGroup(String commandId, String region, String groupName, GroupSnapshot snapshot)
            implements CloudAction {
        @Override
        public boolean writes() {
            return true;
        }
    }

    /** Run the cloud-side pre-flight probes and feed {@link Input.ProbesCompleted} back. */
    record RunPreflightProbes(String commandId, PlanSpec plan) implements CloudAction {}

    /** Ask the workload on the instance to checkpoint to {@code location} before {@code deadline} (workload-commands). */
    record RequestCheckpoint(String commandId, String causationId, String instanceId, String location,
                             java.time.Instant deadline) implements Command {}

    /** Head the reported checkpoint in the store; answers {@link Input.CheckpointVerified}. */
    record VerifyCheckpoint(String commandId, String warningId, String location, long sizeBytes, String sha256)
            implements CloudAction {}

    /**
     * Launch one instance in place of the interrupted one: spot in the given types (first with capacity wins),
     * on-demand {@code fallbackType} when spot is short or {@code spot} is false. With a {@code groupName} the group
     * replaces the instance itself (its desired capacity kept), so nothing runs beside it and nothing doubles.
     * Answers {@link Input.ReplacementStarted}.
     */
    record LaunchReplacement(String commandId, String warningId, String region, String planId, String groupName,
                             boolean spot, List<String> instanceTypes, String fallbackType,
                             String interruptedInstanceId) implements CloudAction {
        @Override
        public boolean writes() {
            return true;
        }
    }

    /** Read the checkpoint back for the replacement; answers {@link Input.RestoreValidated}. */
    record ValidateRestore(String commandId, String warningId, String location, String sha256) implements CloudAction {}

    /** Read price variation and interruption rate of the types; answers {@link Input.MarketRead}. */
    /**
     * {@code spotCapacityFor}: also read the region's spot placement score for launching that many spot instances of
     * the types (a capacity shortage's hold asks it; null: not read).
     */
    record ReadMarket(String commandId, String region, List<String> instanceTypes, long lookbackMillis,
                      Integer spotCapacityFor) implements CloudAction {
        public ReadMarket(String commandId, String region, List<String> instanceTypes, long lookbackMillis) {
            this(commandId, region, instanceTypes, lookbackMillis, null);
        }
    }

    /**
     * Launch the plan's shadow capacity for its shadow run (seed 000): {@code count} spot instances of the first of
     * {@code instanceTypes} with capacity, beside the serving ones, tagged as shadow. Answers
     * {@link Input.ShadowCapacityLaunched}.
     */
    record LaunchShadowCapacity(String commandId, String region, String planId, List<String> instanceTypes,
                                int count) implements CloudAction {
        public LaunchShadowCapacity {
            instanceTypes = List.copyOf(instanceTypes);
        }

        @Override
        public boolean writes() {
            return true;
        }
    }

    /**
     * Remove every live shadow instance of the plan: sent on every end of the shadow phase, whatever ended it, and safe
     * to repeat. Answers {@link Input.ShadowCapacityRemoved}.
     */
    record RemoveShadowCapacity(String commandId, String region, String planId) implements CloudAction {
        @Override
        public boolean writes() {
            return true;
        }
    }

    /**
     * Publish an event. {@code eventId} is derived from the decision and a per-plan sequence, so a replay of the
     * same transition republishes the same ids and consumers deduplicate it.
     */
    record Publish(String eventId, String causationId, Stage stage, int spotPercent, Payload payload)
            implements Command {}
}
