package dev.spotshift.executor.domain;

import dev.spotshift.executor.domain.Input.CloudCallFailed;
import dev.spotshift.executor.domain.Input.KillSwitchChanged;
import dev.spotshift.executor.domain.Input.MetricObserved;
import dev.spotshift.executor.domain.Input.OperatorActed;
import dev.spotshift.executor.domain.Input.PlanApproved;
import dev.spotshift.executor.domain.Input.ProbesCompleted;
import dev.spotshift.executor.domain.Input.RollbackOrdered;
import dev.spotshift.executor.domain.Input.Tick;
import dev.spotshift.executor.domain.Input.VerdictReceived;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-plan rollout state machine: {@code (state, input, now) -> (state, commands)}, pure.
 * Guards that make an input irrelevant return early (unknown plan, duplicate, finished plan); the rest is
 * dispatched to the stage logic: {@link Preflight}, {@link Observation}, {@link Gates}, {@link Holds},
 * {@link Rollbacks}.
 */
public final class RolloutMachine {

    private final Settings settings;

    public RolloutMachine(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    public Transition apply(RolloutState state, Input input, Instant now) {
        if (input instanceof PlanApproved decision) {
            return remember(onDecision(state, decision, now), input);
        }
        if (state == null) {
            return Transition.ignored(null, input.getClass().getSimpleName() + " for a plan that was never approved");
        }
        if (state.processed(input.eventId())) {
            return Transition.ignored(state, "duplicate event " + input.eventId());
        }
        if (input instanceof Input.CloudAnswered answered) {
            return remember(onAnswer(state, answered, now), input);
        }
        if (state.stage() == Stage.ROLLING_BACK && !unwindingAccepts(input)
                && !(input instanceof MetricObserved && state.unwind() != null && state.unwind().verifying())) {
            return onlyKillSwitchFlag(state, input);
        }
        if (input instanceof RollbackOrdered r && state.processed(r.commandId())) {
            return Transition.ignored(state, "rollback command " + r.commandId() + " already applied");
        }
        if (state.stage().terminal()) {
            return Transition.ignored(state, input.getClass().getSimpleName() + " after the plan ended " + state.stage());
        }
        if (state.stage() == Stage.APPROVED) {
            return remember(waiting(new Tx(state, now, settings), input), input);
        }
        if (input instanceof Input.WaveFinished f) {
            return Transition.ignored(state, "the end of " + f.planId() + " after this plan's wave started");
        }
        return remember(dispatch(new Tx(state, now, settings), input), input);
    }

    /**
     * An outcome applies once, and only while the plan waits for its command: a second copy, or the outcome of a
     * command this plan never sent (or already settled), is ignored with the reason.
     */
    private Transition onAnswer(RolloutState state, Input.CloudAnswered answered, Instant now) {
        if (!state.awaits(answered.commandId())) {
            return Transition.ignored(state, "outcome of command " + answered.commandId()
                    + ", which this plan is not waiting for (unknown, or already answered)");
        }
        RolloutState settled = state.answered(answered.commandId());
        if (Failovers.owns(settled, answered.commandId())) {
            Transition t = Failovers.onAnswer(new Tx(settled, now, settings), answered.answer());
            return t.applied() ? t : new Transition(settled, java.util.List.of(), null);
        }
        if (settled.stage().terminal()) {
            return new Transition(settled, java.util.List.of(), null);
        }
        if (answered.answer() instanceof Input.ShadowCapacityRemoved r) {
            return ShadowRemovals.onAnswer(new Tx(settled, now, settings), answered.commandId(), r);
        }
        Transition t = dispatch(new Tx(settled, now, settings), answered.answer());
        return t.applied() ? t : new Transition(settled, java.util.List.of(), null);
    }

    /** While the way back runs, only what serves it moves the plan: its outcomes, timers, and the workload's notices. */
    private static boolean unwindingAccepts(Input input) {
        return input instanceof Tick || input instanceof Input.InterruptionWarned
                || input instanceof Input.CheckpointReported;
    }

    /** The switch's state is kept (the wiring compares against it) but changes nothing while already going back. */
    private static Transition onlyKillSwitchFlag(RolloutState state, Input input) {
        if (input instanceof KillSwitchChanged k && k.engaged() != state.killSwitchEngaged()) {
            return new Transition(state.killSwitchSeen(k.engaged()), java.util.List.of(), null);
        }
        return Transition.ignored(state, input.getClass().getSimpleName() + " while rolling back to on-demand");
    }

    /** While a plan waits for its wave only the wave's ends, an abort and the kill switch's flag concern it. */
    private static Transition waiting(Tx tx, Input input) {
        if (input instanceof Input.WaveFinished f) {
            return WaveGate.onFinished(tx, f);
        }
        if (input instanceof OperatorActed o && o.action() == OperatorAction.ABORT) {
            return WaveGate.abort(tx, o.operator(), "operator " + o.operator()
                    + (o.reason() == null ? "" : ": " + o.reason()), o.eventId());
        }
        if (input instanceof KillSwitchChanged k) {
            tx.killSwitchFollowed(k.engaged()); // followed, so the wiring does not offer it again; nothing to move
            return tx.done();
        }
        return tx.ignore(input.getClass().getSimpleName() + " while waiting for its wave");
    }

    private Transition onDecision(RolloutState state, PlanApproved decision, Instant now) {
        if (state == null && decision.plan().wave() != null) {
            return WaveGate.onApproved(new Tx(RolloutState.initial(decision.plan(), decision.eventId(), now), now,
                    settings), decision.eventId());
        }
        if (state == null) {
            return Preflight.start(new Tx(RolloutState.initial(decision.plan(), decision.eventId(), now), now, settings),
                    decision.eventId());
        }
        if (state.processed(decision.eventId())) {
            return Transition.ignored(state, "duplicate decision " + decision.eventId());
        }
        if (state.stage().terminal()) {
            return Transition.ignored(state, "decision for a plan that already ended " + state.stage());
        }
        if (state.stage() == Stage.APPROVED) {
            return Transition.ignored(state, "a second decision while the plan waits for its wave");
        }
        if (decision.plan().stepsHash().equals(state.stepsHash())) {
            return Transition.ignored(state, "plan already running with the same step list");
        }
        return Holds.stepsChanged(new Tx(state, now, settings), decision);
    }

    private static Transition dispatch(Tx tx, Input input) {
        if (input instanceof ProbesCompleted p) {
            return Preflight.onProbes(tx, p);
        }
        if (input instanceof MetricObserved m && tx.s.stage == Stage.ROLLING_BACK) {
            return RollbackProcedure.onSample(tx, m);
        }
        if (input instanceof MetricObserved m) {
            return Observation.onMetric(tx, m);
        }
        if (input instanceof VerdictReceived v) {
            return Failovers.judges(tx, v) ? Failovers.onVerdict(tx, v) : Gates.onVerdict(tx, v);
        }
        if (input instanceof Input.CriteriaJudged c) {
            return Observation.onCriteria(tx, c);
        }
        if (input instanceof RollbackOrdered r) {
            tx.orderedAt = r.orderedAt();
            return Rollbacks.apply(tx, r.level(), r.trigger(), r.commandId(), r.reason(), r.eventId());
        }
        if (input instanceof OperatorActed o) {
            return onOperator(tx, o);
        }
        if (input instanceof KillSwitchChanged k) {
            return Holds.onKillSwitch(tx, k);
        }
        if (input instanceof Tick tick) {
            return Timers.fireNext(tx, tick);
        }
        if (input instanceof CloudCallFailed c) {
            return Rollbacks.onCloudFailure(tx, c);
        }
        if (input instanceof Input.ShareApplied a) {
            return Rollbacks.onShareApplied(tx, a);
        }
        if (input instanceof Input.InterruptionWarned w) {
            return Interruptions.onWarning(tx, w);
        }
        if (input instanceof Input.CheckpointReported r) {
            return Interruptions.onReport(tx, r);
        }
        if (input instanceof Input.CheckpointVerified v) {
            return Interruptions.onVerified(tx, v);
        }
        if (input instanceof Input.ReplacementStarted r) {
            return Interruptions.onStarted(tx, r);
        }
        if (input instanceof Input.RestoreValidated v && RollbackProcedure.awaitsRestore(tx, v.warningId())) {
            return RollbackProcedure.onRestoreValidated(tx, v);
        }
        if (input instanceof Input.RestoreValidated v) {
            return Interruptions.onValidated(tx, v);
        }
        if (input instanceof Input.ShadowCapacityLaunched l) {
            return Observation.onShadowLaunched(tx, l);
        }
        if (input instanceof Input.MarketRead m) {
            return Recovery.onMarket(tx, m);
        }
        throw new IllegalArgumentException("unhandled input " + input);
    }

    private static Transition onOperator(Tx tx, OperatorActed o) {
        String reason = "operator " + o.operator() + (o.reason() == null ? "" : ": " + o.reason());
        return switch (o.action()) {
            case ABORT -> Rollbacks.abort(tx, o.operator(), reason, o.eventId());
            case PAUSE -> Holds.onPause(tx, reason, o.eventId());
            case RESUME -> Holds.onResume(tx, o.operator(), o.eventId());
            case APPROVE_GATE -> Gates.onApprove(tx, o);
            case ROLLBACK_STEP -> Rollbacks.apply(tx, RollbackLevel.STEP, RollbackTrigger.OPERATOR, o.eventId(), reason, o.eventId());
            case ROLLBACK_PHASE -> Rollbacks.apply(tx, RollbackLevel.PHASE, RollbackTrigger.OPERATOR, o.eventId(), reason, o.eventId());
            case ROLLBACK_FULL -> Rollbacks.apply(tx, RollbackLevel.FULL, RollbackTrigger.OPERATOR, o.eventId(), reason, o.eventId());
            case FAILOVER -> Failovers.onOperator(tx, o);
        };
    }

    /** Applied inputs are remembered by event id (and rollback command id), the oldest forgotten first. */
    private Transition remember(Transition t, Input input) {
        if (!t.applied() || t.state() == null) {
            return t;
        }
        List<String> ids = new ArrayList<>();
        ids.add(input.eventId());
        if (input instanceof RollbackOrdered r) {
            ids.add(r.commandId());
        }
        ids.removeIf(id -> id == null);
        if (ids.isEmpty()) {
            return t;
        }
        return new Transition(t.state().processedToo(ids, settings.processedIdsKept()), t.commands(), null);
    }
}
