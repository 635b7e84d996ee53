package dev.spotshift.executor.domain;

import java.time.Instant;

import java.util.List;

/** Everything that can move a plan. Inputs with an {@code eventId} are applied at most once per plan. */
public sealed interface Input {

    /** The id the plan remembers so a redelivery is ignored; null for inputs the executor made itself. */
    default String eventId() {
        return null;
    }

    record PlanApproved(String eventId, PlanSpec plan) implements Input {}

    /** A migration of the wave before this plan's ended with {@code outcome} (its MigrationFinished event). */
    record WaveFinished(String eventId, String planId, Stage outcome) implements Input {}

    /**
     * The answer to {@link Command.RunPreflightProbes}; {@code groupBefore} is the group as the probes read it
     * before any change (null without a group), what a full rollback restores.
     */
    record ProbesCompleted(List<PreflightCheck> checks, GroupSnapshot groupBefore) implements Input {
        public ProbesCompleted {
            checks = List.copyOf(checks);
        }

        public ProbesCompleted(List<PreflightCheck> checks) {
            this(checks, null);
        }
    }

    /**
     * The outcome of one {@link Command.CloudAction}, as the actuator published it: applied once per
     * {@code eventId}, and only while the plan still waits for {@code commandId}.
     */
    record CloudAnswered(String eventId, String commandId, Input answer) implements Input {}

    /** A share change (or a restore) carried out and read back; {@code targetPercent} is the share asked for. */
    record ShareApplied(int targetPercent, boolean changed, int spotInstancesLeft) implements Input {}

    /** Metric samples are not remembered by id: there are many, and exactly-once delivery keeps them single. */
    record MetricObserved(String sampleId, boolean shadow, int jobsCompleted, int jobsFailed, long meanJobMillis,
                          double cpuUtilisationPercent, long costMicros, long onDemandCostMicros, long intervalMillis,
                          int dataInconsistencies, int spotPercent) implements Input {

        /** A sample whose spot share is not known (-1): it says nothing of the spot price. */
        public MetricObserved(String sampleId, boolean shadow, int jobsCompleted, int jobsFailed, long meanJobMillis,
                              double cpuUtilisationPercent, long costMicros, long onDemandCostMicros,
                              long intervalMillis, int dataInconsistencies) {
            this(sampleId, shadow, jobsCompleted, jobsFailed, meanJobMillis, cpuUtilisationPercent, costMicros,
                    onDemandCostMicros, intervalMillis, dataInconsistencies, -1);
        }

        /**
         * The spot price the sample paid, as a share of on-demand, from what it cost against what on-demand would
         * have (cost = onDemand x (share x fraction + 1 - share)); empty when nothing ran on spot.
         */
        public java.util.OptionalDouble spotPriceFraction() {
            if (shadow || spotPercent <= 0 || onDemandCostMicros <= 0) {
                return java.util.OptionalDouble.empty();
            }
            double share = spotPercent / 100.0;
            return java.util.OptionalDouble.of(((double) costMicros / onDemandCostMicros - (1 - share)) / share);
        }
    }

    record VerdictReceived(String eventId, int stepIndex, GateResult result, List<String> reasons) implements Input {
        public VerdictReceived {
            reasons = List.copyOf(reasons);
        }
    }

    /**
     * The monitor's verdict on the plan's criteria over a whole period: its success criteria over the validation
     * period, or its shadow criteria over the shadow run.
     */
    record CriteriaJudged(String eventId, GateResult result, List<String> reasons, Period period) implements Input {
        public enum Period { VALIDATION, SHADOW_RUN }

        public CriteriaJudged {
            reasons = List.copyOf(reasons);
            period = period == null ? Period.VALIDATION : period;
        }

        public CriteriaJudged(String eventId, GateResult result, List<String> reasons) {
            this(eventId, result, reasons, Period.VALIDATION);
        }
    }

    /** The monitor's (or anyone's) order; applied once per {@code commandId} as well as per event id. */
    record RollbackOrdered(String eventId, String commandId, RollbackLevel level, RollbackTrigger trigger,
                           String reason, java.time.Instant orderedAt) implements Input {

        /** An order whose time is not known (the first procedure step then counts from when it was taken). */
        public RollbackOrdered(String eventId, String commandId, RollbackLevel level, RollbackTrigger trigger,
                               String reason) {
            this(eventId, commandId, level, trigger, reason, null);
        }
    }

    record OperatorActed(String eventId, OperatorAction action, Integer gateStepIndex, String operator,
                         String reason) implements Input {}

    record KillSwitchChanged(String eventId, boolean engaged, String operator, String reason) implements Input {}

    /**
     * Wall-clock re-evaluation: fire the earliest due timer. Gate deadlines not before {@code gateDeadlinesNotBefore} (null: no such bound)
     * wait: a restarted executor has not yet read the verdicts already waiting for it.
     */
    record Tick(Instant gateDeadlinesNotBefore) implements Input {
        public Tick() {
            this(null);
        }
    }

    /** EC2's two-minute warning ({@code warning}) or a rebalance recommendation (early warning) for an instance. */
    record InterruptionWarned(String eventId, boolean warning, String instanceId, String instanceType,
                              String availabilityZone, java.time.Instant noticeAt, java.time.Instant deadline)
            implements Input {}

    /** The workload's answer to a CHECKPOINT command (workload-reports). */
    record CheckpointReported(String eventId, String commandId, boolean succeeded, String location, long sizeBytes,
                              String sha256, String error) implements Input {}

    /** The answer to {@link Command.VerifyCheckpoint}: what the store holds, or why it does not match. */
    record CheckpointVerified(String warningId, boolean verified, long sizeBytes, String sha256, String detail)
            implements Input {}

    /** The answer to {@link Command.LaunchReplacement}; {@code error} set (and the rest null) when nothing launched. */
    record ReplacementStarted(String warningId, String instanceId, String instanceType, String availabilityZone,
                              boolean spot, String error) implements Input {}

    /** The answer to {@link Command.ValidateRestore}: the checkpoint read back with the checksum it was written with. */
    record RestoreValidated(String warningId, boolean valid, String detail) implements Input {}

    /** The answer to {@link Command.LaunchShadowCapacity}: the instances launched, or why none (error set). */
    record ShadowCapacityLaunched(List<String> instanceIds, String error) implements Input {
        public ShadowCapacityLaunched {
            instanceIds = List.copyOf(instanceIds);
        }
    }

    /** The answer to {@link Command.RemoveShadowCapacity}: the instances terminated, or why not (error set). */
    record ShadowCapacityRemoved(List<String> instanceIds, String error) implements Input {
        public ShadowCapacityRemoved {
            instanceIds = List.copyOf(instanceIds);
        }
    }

    /** The answer to {@link Command.ReadMarket}: each type's price variation and interruption rate now. */
    /** {@code placementScore}: the region's spot placement score (1..10) when asked; null when not asked or unread. */
    record MarketRead(List<TypeHealth> types, Integer placementScore) implements Input {
        public MarketRead {
            types = List.copyOf(types);
        }

        public MarketRead(List<TypeHealth> types) {
            this(types, null);
        }
    }

    record TypeHealth(String instanceType, double priceVariationPercent, double interruptionRatePercent) {}

    /**
     * A capacity change still failed after the actuator's bounded retries; {@code targetPercent} was asked for.
     * {@code noSpotCapacity}: the cloud said it had no spot capacity for the change (insufficient capacity) — for a
     * group's share that names the plan's types in every zone of the group, no pool of the region could take it.
     */
    record CloudCallFailed(int targetPercent, String error, String commandId, boolean noSpotCapacity, String outcomeId)
            implements Input {
        /** {@code outcomeId}: the event id of the outcome that said so, the cause of what it leads to (null: unknown). */
        public CloudCallFailed(int targetPercent, String error, String commandId, boolean noSpotCapacity) {
            this(targetPercent, error, commandId, noSpotCapacity, null);
        }

        public CloudCallFailed(int targetPercent, String error, String commandId) {
            this(targetPercent, error, commandId, false);
        }

        public CloudCallFailed(int targetPercent, String error) {
            this(targetPercent, error, null, false);
        }
    }
}
