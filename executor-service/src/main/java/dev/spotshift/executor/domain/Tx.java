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

    void clearTimers() {
        s.timers.removeIf(t -> !t.kind().survivesStageChange());
    }

    void schedule(Timer.Kind kind, Instant dueAt, String causeId, int stepIndex) {
        s.timers.removeIf(t -> t.kind() == kind);
        s.timers.add(new Timer(kind, dueAt, causeId, stepIndex));
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
            s.unwind = null; // a hold's way back is over once the plan moves toward spot again
            s.timers.removeIf(t -> t.kind() == Timer.Kind.CLOUD_RETRY);
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
            s.timers.removeIf(t -> t.kind() == Timer.Kind.SHADOW_REMOVAL);
        }
        return new Transition(s.build(), commands, null);
    }

    Transition ignore(String reason) {
        return Transition.ignored(before, reason);
    }
}
