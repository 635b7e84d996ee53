package dev.spotshift.executor.streams;

import dev.spotshift.events.Baseline;
import dev.spotshift.events.BaselineCaptured;
import dev.spotshift.events.CapacityLifecycle;
import dev.spotshift.events.CheckResult;
import dev.spotshift.events.CheckpointWritten;
import dev.spotshift.events.ReplacementLaunched;
import dev.spotshift.events.WorkloadAction;
import dev.spotshift.events.WorkloadCommand;
import dev.spotshift.events.EventEnvelope;
import dev.spotshift.events.CriteriaMissedAction;
import dev.spotshift.events.MigrationFinished;
import dev.spotshift.events.ValidationPeriodStarted;
import dev.spotshift.executor.domain.SuccessCriteria;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.PreflightCompleted;
import dev.spotshift.events.Reason;
import dev.spotshift.events.RollbackLevel;
import dev.spotshift.events.RollbackTrigger;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.RolloutPaused;
import dev.spotshift.events.RolloutResumed;
import dev.spotshift.events.RolloutStepCompleted;
import dev.spotshift.events.RolloutStepStarted;
import dev.spotshift.events.ShadowRunCompleted;
import dev.spotshift.executor.domain.BaselineFigures;
import dev.spotshift.executor.domain.Command;
import dev.spotshift.executor.domain.Payload;
import java.time.Instant;

/** Domain publications out as {@code RolloutEvent}s: the stage and the spot share after the event, always. */
final class OutboundMapping {

    /** The reason code of a manual gate's hold (it is not a pause condition: nothing is wrong). */
    static final String MANUAL_GATE = "MANUAL_GATE";

    /** A rebalance recommendation has no deadline; the workload still gets one: EC2's notice length. */
    static final long DEFAULT_CHECKPOINT_MILLIS = 120_000;

    private OutboundMapping() {}

    static RolloutEvent toEvent(String planId, Command.Publish p, Instant now, String producer, String traceparent) {
        EventEnvelope envelope = EventEnvelope.newBuilder().setEventId(p.eventId()).setPlanId(planId)
                .setOccurredAt(now).setProducer(producer).setCausationId(p.causationId())
                .setTraceparent(traceparent).build();
        return RolloutEvent.newBuilder().setEnvelope(envelope).setSpotPercent(p.spotPercent())
                .setStage(MigrationStage.valueOf(p.stage().name())).setPayload(payload(p.payload())).build();
    }

    private static Object payload(Payload payload) {
        if (payload instanceof Payload.PreflightCompleted c) {
            return new PreflightCompleted(c.passed(), c.checks().stream()
                    .map(k -> new CheckResult(k.check(), k.passed(), k.detail())).toList());
        }
        if (payload instanceof Payload.BaselineCaptured b) {
            return new BaselineCaptured(baseline(b.baseline()), b.windowStart(), b.windowEnd());
        }
        if (payload instanceof Payload.ShadowRunCompleted s) {
            return new ShadowRunCompleted(s.passed(), s.jobsCompared(), s.outputMismatches(), s.errors());
        }
        if (payload instanceof Payload.StepStarted s) {
            return new RolloutStepStarted(s.stepIndex(), s.stepCount(), s.fromSpotPercent(), s.toSpotPercent(),
                    s.stepsHash(), s.gateDueAt(), s.backup());
        }
        if (payload instanceof Payload.StepCompleted s) {
            return new RolloutStepCompleted(s.stepIndex(), s.spotPercent(), s.gateVerdictId(), s.approvedBy(),
                    s.backup());
        }
        if (payload instanceof Payload.Paused s) {
            return new RolloutPaused(new Reason(s.reason().name(), s.message(), null), s.awaitingGate());
        }
        if (payload instanceof Payload.AwaitingApproval a) {
            return new RolloutPaused(new Reason(MANUAL_GATE, "step " + a.stepIndex()
                    + " passed its gate and waits for an operator's APPROVE_GATE", null), a.stepIndex());
        }
        if (payload instanceof Payload.Resumed r) {
            return new RolloutResumed(r.by());
        }
        if (payload instanceof Payload.RolledBack r) {
            return new dev.spotshift.events.RolledBack(RollbackLevel.valueOf(r.level().name()),
                    RollbackTrigger.valueOf(r.trigger().name()), r.fromSpotPercent(), r.toSpotPercent(),
                    r.commandId(), r.reason(), r.onDemandRequestedAt());
        }
        if (payload instanceof Payload.CheckpointWritten c) {
            return new CheckpointWritten(c.instanceId(), c.location(), c.sizeBytes(), c.sha256(), c.noticeDeadline());
        }
        if (payload instanceof Payload.ReplacementLaunched r) {
            return new ReplacementLaunched(r.interruptedInstanceId(), r.replacementInstanceId(), r.instanceType(),
                    r.availabilityZone(), r.spot() ? CapacityLifecycle.SPOT : CapacityLifecycle.ON_DEMAND,
                    r.stateValidated(), r.withinNotice(), r.reason());
        }
        if (payload instanceof Payload.CloudActionFailed f) {
            return new dev.spotshift.events.CloudActionFailed(f.commandId() == null ? "" : f.commandId(), f.action(),
                    f.attempt(), f.error(), f.nextAttemptAt());
        }
        if (payload instanceof Payload.ValidationStarted v) {
            SuccessCriteria c = v.criteria();
            return new ValidationPeriodStarted(v.endsAt(), dev.spotshift.events.SuccessCriteria.newBuilder()
                    .setMinJobCompletionRatePercent(c.minJobCompletionRatePercent())
                    .setMaxProcessingTimeIncreasePercent(c.maxProcessingTimeIncreasePercent())
                    .setMinCostSavingsPercent(c.minCostSavingsPercent())
                    .setOnCriteriaMissed(CriteriaMissedAction.valueOf(c.onMissed().name()))
                    .build());
        }
        if (payload instanceof Payload.Finished f) {
            return new MigrationFinished(MigrationStage.valueOf(f.outcome().name()), f.reason(), f.savingsPercent());
        }
        throw new IllegalArgumentException("no contract event for " + payload);
    }

    /** A checkpoint request to the workload's agent, keyed by plan like every event; it answers the warning. */
    static WorkloadCommand toCommand(String planId, Command.RequestCheckpoint c, Instant now, String producer,
                                     String traceparent) {
        EventEnvelope envelope = EventEnvelope.newBuilder().setEventId(c.commandId()).setPlanId(planId)
                .setOccurredAt(now).setProducer(producer).setCausationId(c.causationId())
                .setTraceparent(traceparent).build();
        return WorkloadCommand.newBuilder().setEnvelope(envelope).setCommandId(c.commandId())
                .setAction(WorkloadAction.CHECKPOINT).setInstanceId(c.instanceId()).setLocation(c.location())
                .setDeadline(c.deadline() == null ? now.plusMillis(DEFAULT_CHECKPOINT_MILLIS) : c.deadline()).build();
    }

    private static Baseline baseline(BaselineFigures b) {
        return new Baseline(b.jobCompletionMillis(), b.errorRatePercent(), b.costPerJobMicros(),
                b.cpuUtilisationPercent(), b.jobsPerHour(), b.samples(), b.measured());
    }
}
