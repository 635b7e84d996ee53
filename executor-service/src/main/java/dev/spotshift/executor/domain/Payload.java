package dev.spotshift.executor.domain;

import java.time.Instant;
import java.util.List;

/** The executor's events, as the domain sees them; the wiring maps each to a {@code RolloutEvent} payload. */
public sealed interface Payload {

    record PreflightCompleted(boolean passed, List<PreflightCheck> checks) implements Payload {}

    record BaselineCaptured(BaselineFigures baseline, Instant windowStart, Instant windowEnd) implements Payload {}

    record ShadowRunCompleted(boolean passed, long jobsCompared, long outputMismatches, long errors) implements Payload {}

    /** {@code backup}: "region/group" when the step runs in the plan's backup region (a failover), else null. */
    record StepStarted(int stepIndex, int stepCount, int fromSpotPercent, int toSpotPercent, String stepsHash,
                       Instant gateDueAt, String backup) implements Payload {
        public StepStarted(int stepIndex, int stepCount, int fromSpotPercent, int toSpotPercent, String stepsHash,
                           Instant gateDueAt) {
            this(stepIndex, stepCount, fromSpotPercent, toSpotPercent, stepsHash, gateDueAt, null);
        }
    }

    record StepCompleted(int stepIndex, int spotPercent, String gateVerdictId, String approvedBy, String backup)
            implements Payload {
        public StepCompleted(int stepIndex, int spotPercent, String gateVerdictId, String approvedBy) {
            this(stepIndex, spotPercent, gateVerdictId, approvedBy, null);
        }
    }

    record Paused(PauseCondition.Reason reason, String message, Integer awaitingGate) implements Payload {}

    /** Awaiting an operator's APPROVE_GATE is a hold too, but not a pause condition: the reason code says so. */
    record AwaitingApproval(int stepIndex) implements Payload {}

    record Resumed(String by) implements Payload {}

    record RolledBack(RollbackLevel level, RollbackTrigger trigger, int fromSpotPercent, int toSpotPercent,
                      String commandId, String reason, Instant onDemandRequestedAt) implements Payload {}

    record CheckpointWritten(String instanceId, String location, long sizeBytes, String sha256, Instant noticeDeadline)
            implements Payload {}

    record ReplacementLaunched(String interruptedInstanceId, String replacementInstanceId, String instanceType,
                               String availabilityZone, boolean spot, boolean stateValidated, boolean withinNotice,
                               String reason) implements Payload {}

    /**
     * Published with stage VALIDATING: the last step passed, the monitor judges {@code criteria} over [now, endsAt].
     * With stage SHADOW: the shadow run started, the monitor judges the plan's shadow criteria over its shadow samples
     * of [now, endsAt] ({@code criteria} unused): one announcement, one verdict, for both periods.
     */
    record ValidationStarted(Instant endsAt, SuccessCriteria criteria) implements Payload {}

    /** A plan of a later wave waits for the wave before (or hears that one of it completed). */
    record WaveWaiting(String message) implements Payload {}

    /** The plan's wave starts: it was the first, or the wave before all COMPLETED. */
    record WaveStarted(String message) implements Payload {}

    /** An event that also carries the rollback procedure's steps done so far (seed 000). */
    record WithProcedure(Payload event, java.util.List<ProcedureStep> steps) implements Payload {
        public WithProcedure {
            steps = java.util.List.copyOf(steps);
        }
    }

    record Finished(Stage outcome, String reason, double savingsPercent) implements Payload {}

    /** A cloud action failed; {@code nextAttemptAt} is when the way back is tried again. */
    record CloudActionFailed(String commandId, String action, int attempt, String error, Instant nextAttemptAt)
            implements Payload {}
}
