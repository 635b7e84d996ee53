package dev.spotshift.executor.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One transition in the making: the new state, the commands in order, and the time it happens at.
 * It lives for a single {@link RolloutMachine#apply} call and is never shared.
 */
final class Tx {

    final RolloutState before;
    final RolloutState.Builder s;
    final Instant now;
    final Settings settings;
    private final List<Command> commands = new ArrayList<>();
    /** When the rollback being applied was ordered (its command's time), null when unknown: times the first step. */
    java.time.Instant orderedAt;

    Tx(RolloutState before, Instant now, Settings settings) {
        this.before = before;
        this.s = before.toBuilder();
        this.now = now;
        this.settings = settings;
    }

    PlanSpec plan() {
        return s.plan;
    }

    void enter(Stage stage) {
        s.stage = stage;
        s.stageEnteredAt = now;
    }

    /** A step starts: it is the one in flight, with a fresh gate. */
    void stepStarted(int index) {
        s.gate = StepGate.started(index, now);
    }

    /** The step in flight passed its gate: it is the last completed one, and no gate is pending. */
    void stepCompleted() {
        s.completedStep = s.gate.step();
        s.gate = s.gate.closed();
    }

    /** A rollback undid the step in flight: no gate is pending and no verdict held. */
    void stepUndone() {
        s.gate = s.gate.closed();
    }

    /** A hold lets the step in flight go: it is re-run, with a fresh gate, on resume. */
    void stepReleased() {
        s.gate = s.gate.released();
    }

    /** An INCONCLUSIVE verdict: the gate is judged again over a fresh window. */
    void gateRejudged() {
        s.gate = s.gate.rejudged();
    }

    /** The gate of a manual step passed: the verdict waits for an operator's approval. */
    void gateAwaitsApproval(String verdictId) {
        s.gate = s.gate.awaitingApproval(verdictId);
    }

    /** Back in SHIFTING after a gate passed; the stage clock keeps the step's start (the next step times from it). */
    void backToShifting() {
        s.stage = Stage.SHIFTING;
    }

    /** Steps after {@code step} are undone: at most it stays completed. */
    void stepsUndoneTo(int step) {
        s.completedStep = Math.min(s.completedStep, step);
    }

    /** The return to spot re-runs {@code step} with a fresh gate: the one before it is the last completed. */
    void stepRedone(int step) {
        s.completedStep = Math.max(-1, step - 1);
    }

    /** The share reads 0 without a share command of its own (the group restored whole, or no capacity moved). */
    void onDemandRecorded() {
        s.spotPercent = 0;
    }

    /** A changed step list waits to be adopted on the next resume. */
    void planChangePending(PlanSpec changed) {
        s.pendingPlan = changed;
    }

    /** The changed step list takes over; the completed step is the one at or below the share the group has now. */
    void pendingPlanAdopted() {
        s.plan = s.pendingPlan;
        s.pendingPlan = null;
        s.stepsHash = s.plan.stepsHash();
        s.completedStep = s.plan.stepAtOrBelow(s.spotPercent);
        stepReleased();
        if (s.pausedFrom != null && s.pausedFrom.shifting()) {
            resumesAtNextStep();
        }
    }

    // Holds: pause conditions, where a resume goes, the abort and the kill switch's flag.

    /** Enters PAUSED, remembering the stage a resume re-enters (a plan already paused keeps its first one). */
    void enterPaused() {
        if (s.stage != Stage.PAUSED) {
            s.pausedFrom = s.stage;
            enter(Stage.PAUSED);
        }
    }

    /** The condition holds from now (one per reason: a repeated one replaces the older). */
    void holdSet(PauseCondition.Reason reason, String message) {
        s.pauses.removeIf(p -> p.reason() == reason);
        s.pauses.add(new PauseCondition(reason, message, now));
    }

    void holdLifted(PauseCondition.Reason reason) {
        s.pauses.removeIf(p -> p.reason() == reason);
    }

    /** Lifts every condition the return to spot answers (the storm and shortage fallbacks). */
    void spotFallbackHoldsLifted() {
        s.pauses.removeIf(p -> PauseCondition.spotFallback(p.reason()));
    }

    void allHoldsLifted() {
        s.pauses.clear();
    }

    /** The way back ends every hold, and there is no stage left for a resume to re-enter. */
    void holdsDropped() {
        s.pauses.clear();
        s.pausedFrom = null;
    }

    /** The step a resume would have re-entered is undone or changed: a resume starts the next step. */
    void resumesAtNextStep() {
        s.pausedFrom = Stage.SHIFTING;
    }

    /** Leaves PAUSED into the stage it was paused from (SHIFTING when none is known) and returns that stage. */
    Stage leftPaused() {
        Stage target = s.pausedFrom == null ? Stage.SHIFTING : s.pausedFrom;
        s.pausedFrom = null;
        enter(target);
        return target;
    }

    void aborted(String by, String reason) {
        s.abort = new Abort(now, by, reason);
    }

    /** The switch's flag as last seen, so the wiring does not offer the same change again. */
    void killSwitchFollowed(boolean engaged) {
        s.killSwitchEngaged = engaged;
    }

    // Observation: pre-flight's readings and the sums of the window being watched.

    /** Pre-flight runs (again): no probe answer and no sample seen yet. */
    void preflightRestarted() {
        s.preflight = null;
        s.monitoringSeen = false;
    }

    /** The probes answered; the group as first read is kept: a re-run may follow a change. */
    void probesAnswered(List<PreflightCheck> checks, GroupSnapshot group) {
        s.preflight = checks;
        if (s.groupBefore == null) {
            s.groupBefore = group;
        }
    }

    void monitoringSeen() {
        s.monitoringSeen = true;
    }

    /** A new window starts: nothing summed yet. */
    void windowOpened() {
        s.observed = MetricTotals.EMPTY;
    }

    void sampleCounted(Input.MetricObserved m) {
        s.observed = s.observed.plus(m);
    }

    void baselineCaptured(BaselineFigures figures) {
        s.baseline = figures;
    }

    // Spot: interruptions, storms, the fallbacks and the returns, the failover (SpotWatch's own named changes).

    void interruptionRecorded(Interruption i) {
        s.spot = s.spot.put(i);
    }

    void stormWindowRead(List<String> hits, List<String> dropped) {
        s.spot = s.spot.withHits(hits, dropped);
    }

    /** Every pool is out: on-demand from now, the completed step remembered as the one a return re-runs. */
    void fellBackToOnDemand() {
        s.spot = s.spot.fellBack(now, s.completedStep);
    }

    /** The market reads healthy since {@code since}, or not (null): the return's clock. */
    void marketHealthySince(Instant since) {
        s.spot = s.spot.healthy(since);
    }

    void returnedToSpot(List<String> droppedTypes) {
        s.spot = s.spot.returned(droppedTypes);
    }

    /** The rollback's trigger whose clearing returns the plan to spot; null when only an operator resumes it. */
    void returnsWhenCleared(RollbackTrigger trigger) {
        s.spot = s.spot.clearing(trigger);
    }

    /** The rollback's trigger reads cleared since {@code since}, or not (null): the price return's clock. */
    void triggerCalmSince(Instant since) {
        s.spot = s.spot.priceCalm(since);
    }

    void priceReturned() {
        s.spot = s.spot.priceReturned(now);
    }

    /** The failover as it stands now; null when the share is back in the primary region. */
    void failoverIs(Failover failover) {
        s.spot = s.spot.withFailover(failover);
    }

    // The way back to on-demand.

    void wayBack(Unwind unwind) {
        s.unwind = unwind;
    }

    void wayBackOver() {
        s.unwind = null;
    }

    // Waves.

    void waveMemberFinished(String planId) {
        if (!s.waveDone.contains(planId)) {
            s.waveDone.add(planId);
        }
    }

    // Timers.

    void clearTimers() {
        s.timers.removeIf(t -> !t.kind().survivesStageChange());
    }

    void schedule(Timer.Kind kind, Instant dueAt, String causeId, int stepIndex) {
        s.timers.removeIf(t -> t.kind() == kind);
        s.timers.add(new Timer(kind, dueAt, causeId, stepIndex));
    }

    /** Stops every timer of the kind. */
    void cancel(Timer.Kind kind) {
        s.timers.removeIf(t -> t.kind() == kind);
    }

    /** Stops the kind's timer for one cause (a kind several causes run at once, like notice deadlines). */
    void cancel(Timer.Kind kind, String causeId) {
        s.timers.removeIf(t -> t.kind() == kind && t.causeId().equals(causeId));
    }

    /** Schedules beside the kind's other timers (one per cause), unlike {@link #schedule}. */
    void scheduleAnother(Timer.Kind kind, Instant dueAt, String causeId, int stepIndex) {
        s.timers.add(new Timer(kind, dueAt, causeId, stepIndex));
    }

    /** A due timer is taken out as it fires. */
    void fired(Timer timer) {
        s.timers.remove(timer);
    }

    /** Moves the share; the cloud call is left out for DRY_RUN plans, the recorded share moves all the same. */
    void setSpotShare(int percent) {
        PlanSpec p = s.plan;
        if (p.touchesCapacity()) {
            command(new Command.SetSpotShare(cloudId(), p.region(), p.groupName(), percent, p.onDemandBase(),
                    p.allocationStrategy(), usableTypes(), p.spotRules().maxPriceMicros(),
                    p.spotRules().maxPriceFractionOfOnDemand(), percent > 0 ? p.scaling() : null));
        }
        if (percent > 0 && s.unwind != null && s.unwind.outcome() == null) {
            wayBackOver(); // a hold's way back is over once the plan moves toward spot again
            cancel(Timer.Kind.CLOUD_RETRY);
        }
        s.spotPercent = percent;
    }

    /**
     * The id of the next cloud command: derived from the decision and the plan's sequence like event ids, so the
     * same transition replayed after a crash asks for the same action under the same id (and EC2 token).
     */
    String cloudId() {
        s.eventSeq++;
        return UUID.nameUUIDFromBytes((s.decisionEventId + "/" + s.eventSeq + "/cloud").getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** The plan's types without those a storm took out; the plan's own list when every type is out (0 % then). */
    java.util.List<String> usableTypes() {
        java.util.List<String> usable = s.plan.instanceTypes().stream()
                .filter(t -> !s.spot.droppedTypes().contains(t)).toList();
        return usable.isEmpty() ? s.plan.instanceTypes() : usable;
    }

    /** A cloud action is awaited from here on: only its own outcome, once, is applied. */
    void command(Command command) {
        commands.add(command);
        if (command instanceof Command.CloudAction action) {
            s.awaiting.add(action.commandId());
            while (s.awaiting.size() > RolloutState.MAX_AWAITED) {
                s.awaiting.remove(0);
            }
        }
    }

    /** Publishes with the stage and share as they are now; returns the new event's id for what answers it. */
    String publish(String causationId, Payload payload) {
        s.eventSeq++;
        String id = UUID.nameUUIDFromBytes((s.decisionEventId + "/" + s.eventSeq).getBytes(StandardCharsets.UTF_8))
                .toString();
        commands.add(new Command.Publish(id, causationId, s.stage, s.spotPercent, payload));
        s.lastEventId = id;
        return id;
    }

    Transition done() {
        if (before.stage() == Stage.SHADOW && s.stage != Stage.SHADOW && before.plan().touchesCapacity()) {
            // The one place the shadow phase ends, whatever ended it (passed, failed, rolled back, paused, aborted):
            // its capacity goes with it. Removal reads before it acts, so a phase that launched nothing costs a read.
            ShadowRemovals.request(this, before.plan());
        }
        if (s.stage.terminal()) {
            // From its end on, what a plan left running is the reaper's: no removal watch on a plan that moves no more.
            cancel(Timer.Kind.SHADOW_REMOVAL);
        }
        return new Transition(s.build(), commands, null);
    }

    Transition ignore(String reason) {
        return Transition.ignored(before, reason);
    }
}
