package dev.spotshift.executor.domain;

import java.time.Instant;
import java.util.List;

/** The executor's events, as the domain sees them; the wiring maps each to a {@code RolloutEvent} payload. */
public sealed interface Payload {

    record PreflightCompleted(boolean passed, List<PreflightCheck> checks) implements Payload {}

    record BaselineCaptured(BaselineFigures baseline, Instant windowStart, Instant windowEnd) implements Payload {}

    record ShadowRunCompleted(boolean passed, long jobsCompared, long outputMismatches, long errors) implements Payload {}

    record StepStarted(int stepIndex, int stepCount, int fromSpotPercent, int toSpotPercent, String stepsHash,
                       Instant gateDueAt) implements Payload {}

    record StepCompleted(int stepIndex, int spotPercent, String gateVerdictId, String approvedBy) implements Payload {}

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

    /** The last step passed: the monitor judges {@code criteria} over [now, endsAt]. */
    record ValidationStarted(Instant endsAt, SuccessCriteria criteria) implements Payload {}

    record Finished(Stage outcome, String reason, double savingsPercent) implements Payload {}

    /** A cloud action failed; {@code nextAttemptAt} is when the way back is tried again. */
    record CloudActionFailed(String commandId, String action, int attempt, String error, Instant nextAttemptAt)
            implements Payload {}
}
