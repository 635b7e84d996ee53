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
import dev.spotshift.executor.domain.PlanSpec;
import dev.spotshift.events.WaveProgress;
import dev.spotshift.events.WaveState;
import java.time.Instant;

/** Domain publications out as {@code RolloutEvent}s: the stage and the spot share after the event, always. */
final class OutboundMapping {

    /** The reason code of a manual gate's hold (it is not a pause condition: nothing is wrong). */
    static final String MANUAL_GATE = "MANUAL_GATE";

    /** The reason code of a plan waiting for the wave before its own. */
    static final String WAVE = "WAVE";

    /** A rebalance recommendation has no deadline; the workload still gets one: EC2's notice length. */
    static final long DEFAULT_CHECKPOINT_MILLIS = 120_000;

    private OutboundMapping() {}

    /**
     * The envelope of everything the executor writes from the stream: its id decided by the caller (derived from
     * the plan's sequence, a command id or an instance), so a replayed transition writes the same event again.
     */
    static EventEnvelope envelope(String eventId, String planId, Instant at, String producer, String causationId,
                                  String traceparent) {
        return EventEnvelope.newBuilder().setEventId(eventId).setPlanId(planId).setOccurredAt(at).setProducer(producer)
                .setCausationId(causationId).setTraceparent(traceparent).build();
    }

    /** A rollout event about a plan as stored ({@code null}: a plan this executor does not know, at 0 %). */
    static RolloutEvent about(dev.spotshift.executor.domain.RolloutState plan, EventEnvelope envelope, Object payload) {
        return RolloutEvent.newBuilder().setEnvelope(envelope)
                .setSpotPercent(plan == null ? 0 : plan.spotPercent())
                .setStage(plan == null ? MigrationStage.UNKNOWN_STAGE : MigrationStage.valueOf(plan.stage().name()))
                .setPayload(payload).build();
    }

    static RolloutEvent toEvent(String planId, Command.Publish p, Instant now, String producer, String traceparent) {
        return toEvent(planId, p, now, producer, traceparent, null);
    }

    /** With the plan's wave ({@code null}: none), which marks the events that say where the wave stands. */
    static RolloutEvent toEvent(String planId, Command.Publish p, Instant now, String producer, String traceparent,
                                PlanSpec.Wave wave) {
        EventEnvelope envelope = envelope(p.eventId(), planId, now, producer, p.causationId(), traceparent);
        Payload inner = p.payload() instanceof Payload.WithProcedure w ? w.event() : p.payload();
        java.util.List<dev.spotshift.events.RollbackProcedureStep> procedure = p.payload() instanceof Payload.WithProcedure w
                ? w.steps().stream().map(s -> new dev.spotshift.events.RollbackProcedureStep(s.step(), s.durationMillis(),
                        s.boundMillis(), s.withinBound(), s.detail())).toList()
                : java.util.List.of();
        return RolloutEvent.newBuilder().setEnvelope(envelope).setSpotPercent(p.spotPercent())
                .setStage(MigrationStage.valueOf(p.stage().name())).setPayload(payload(inner))
                .setWave(wave == null ? null : waveProgress(wave, inner)).setRollbackProcedure(procedure).build();
    }

    /** WAITING, STARTED or FINISHED for the events that are those moments; null on every other event. */
    private static WaveProgress waveProgress(PlanSpec.Wave wave, Payload payload) {
        WaveState state;
        String detail;
        if (payload instanceof Payload.WaveWaiting w) {
            state = WaveState.WAITING;
            detail = w.message();
        } else if (payload instanceof Payload.WaveStarted w) {
            state = WaveState.STARTED;
            detail = w.message();
        } else if (payload instanceof Payload.Finished f) {
            state = WaveState.FINISHED;
            detail = wave.label() + ": this migration ended " + f.outcome()
                    + (wave.next().isEmpty() ? " (the last wave)" : "; handed to wave " + (wave.index() + 1));
        } else {
            return null;
        }
        return WaveProgress.newBuilder().setIndex(wave.index()).setCount(wave.count()).setName(wave.name())
                .setState(state).setDetail(detail).setNext(state == WaveState.FINISHED ? wave.next() : java.util.List.of())
                .build();
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
        if (payload instanceof Payload.WaveWaiting w) {
            return new RolloutPaused(new Reason(WAVE, w.message(), null), null);
        }
        if (payload instanceof Payload.WaveStarted w) {
            return new RolloutResumed(w.message());
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
        return WorkloadCommand.newBuilder()
                .setEnvelope(envelope(c.commandId(), planId, now, producer, c.causationId(), traceparent)).setCommandId(c.commandId())
                .setAction(WorkloadAction.CHECKPOINT).setInstanceId(c.instanceId()).setLocation(c.location())
                .setDeadline(c.deadline() == null ? now.plusMillis(DEFAULT_CHECKPOINT_MILLIS) : c.deadline()).build();
    }

    private static Baseline baseline(BaselineFigures b) {
        return new Baseline(b.jobCompletionMillis(), b.errorRatePercent(), b.costPerJobMicros(),
                b.cpuUtilisationPercent(), b.jobsPerHour(), b.samples(), b.measured());
    }
}
