package dev.spotshift.executor.domain;

import java.time.Instant;

/**
 * The gradual shift: a step sets the share, announces {@code RolloutStepStarted} with its gate's due time, and
 * waits for the monitor's verdict (or an operator's approval on a manual gate). What a verdict means is decided
 * in one place, {@link #decide}.
 */
final class Gates {

    /** Every way a step's gate can end. NO_VERDICT: the deadline (due time + grace) passed in silence. */
    enum Outcome { PASS, FAIL, INCONCLUSIVE, NO_VERDICT }

    private Gates() {}

    static Transition startStep(Tx tx, int index, String cause) {
        if (tx.s.killSwitchEngaged) {
            return Holds.hold(tx, PauseCondition.Reason.KILL_SWITCH, "kill switch engaged: no new shift starts", cause);
        }
        int from = tx.s.spotPercent;
        int to = tx.plan().percentOf(index);
        tx.clearTimers();
        tx.enter(Stage.SHIFTING);
        tx.stepStarted(index);
        tx.setSpotShare(to);
        return announce(tx, index, from, to, cause);
    }

    /** The monitor judges the window [now, gateDueAt] and answers once per announcement. */
    private static Transition announce(Tx tx, int index, int from, int to, String cause) {
        Instant gateDueAt = tx.now.plusMillis(tx.plan().validationWindowOf(index));
        String id = tx.publish(cause, new Payload.StepStarted(index, tx.plan().stepCount(), from, to,
                tx.s.stepsHash, gateDueAt));
        tx.schedule(Timer.Kind.GATE_DEADLINE, gateDueAt.plusMillis(tx.settings.gateGraceMillis()), id, index);
        return tx.done();
    }

    static Transition onVerdict(Tx tx, Input.VerdictReceived v) {
        if (tx.s.stage != Stage.SHIFTING) {
            return tx.ignore("verdict for step " + v.stepIndex() + " while " + tx.s.stage);
        }
        if (v.stepIndex() != tx.s.gate.step()) {
            return tx.ignore("verdict for step " + v.stepIndex() + " but step " + tx.s.gate.step() + " is in flight");
        }
        Outcome outcome = switch (v.result()) {
            case PASS -> Outcome.PASS;
            case FAIL -> Outcome.FAIL;
            case INCONCLUSIVE -> Outcome.INCONCLUSIVE;
        };
        String reasons = v.reasons().isEmpty() ? v.result().name() : String.join("; ", v.reasons());
        return decide(tx, outcome, v.eventId(), reasons);
    }

    static Transition onGateDeadline(Tx tx, Timer timer) {
        if (tx.s.stage != Stage.SHIFTING || tx.s.gate.step() != timer.stepIndex()) {
            return tx.done();
        }
        return decide(tx, Outcome.NO_VERDICT, timer.causeId(), "no gate verdict for step " + timer.stepIndex()
                + " within " + tx.settings.gateGraceMillis() + " ms after its due time");
    }

    /**
     * The one place a step's gate is decided. INCONCLUSIVE is re-judged over a fresh window
     * {@code maxRejudges} times (a new announcement for the same step), then counts as FAIL: never proceed blind.
     */
    static Transition decide(Tx tx, Outcome outcome, String cause, String reason) {
        int step = tx.s.gate.step();
        switch (outcome) {
            case PASS -> {
                if (!tx.plan().manualGate(step)) {
                    return complete(tx, cause, null, cause);
                }
                tx.clearTimers();
                tx.enter(Stage.AWAITING_APPROVAL);
                tx.gateAwaitsApproval(cause);
                tx.publish(cause, new Payload.AwaitingApproval(step));
                return tx.done();
            }
            case FAIL -> {
                return Rollbacks.stepBackAndHold(tx, RollbackTrigger.GATE_FAILED, PauseCondition.Reason.GATE_FAILED,
                        "gate of step " + step + " failed: " + reason, cause);
            }
            case INCONCLUSIVE -> {
                if (tx.s.gate.rejudges() < tx.settings.maxRejudges()) {
                    tx.gateRejudged();
                    tx.clearTimers();
                    return announce(tx, step, tx.s.spotPercent, tx.s.spotPercent, cause);
                }
                return decide(tx, Outcome.FAIL, cause, "inconclusive " + (tx.s.gate.rejudges() + 1) + " times: " + reason);
            }
            case NO_VERDICT -> {
                return Rollbacks.stepBackAndHold(tx, RollbackTrigger.GATE_FAILED,
                        PauseCondition.Reason.GATE_VERDICT_MISSING, reason, cause);
            }
            default -> throw new IllegalStateException("unknown gate outcome " + outcome);
        }
    }

    static Transition onApprove(Tx tx, Input.OperatorActed o) {
        if (tx.s.stage != Stage.AWAITING_APPROVAL) {
            return tx.ignore("no gate awaits approval while " + tx.s.stage);
        }
        if (o.gateStepIndex() != null && o.gateStepIndex() != tx.s.gate.step()) {
            return tx.ignore("approval for gate " + o.gateStepIndex() + " but gate " + tx.s.gate.step() + " awaits");
        }
        return complete(tx, tx.s.gate.verdictId(), o.operator(), o.eventId());
    }

    /** A passed (and approved) step: the next one starts a full interval after this one started. */
    private static Transition complete(Tx tx, String verdictId, String approvedBy, String cause) {
        int step = tx.s.gate.step();
        tx.clearTimers();
        tx.stepCompleted();
        tx.backToShifting();
        String id = tx.publish(cause, new Payload.StepCompleted(step, tx.s.spotPercent, verdictId, approvedBy));
        if (tx.plan().lastStep(step)) {
            return Observation.startValidation(tx, id);
        }
        Instant nextAt = tx.s.gate.startedAt().plusMillis(tx.plan().stepIntervalOf(step));
        if (!nextAt.isAfter(tx.now)) {
            return startStep(tx, step + 1, id);
        }
        tx.schedule(Timer.Kind.NEXT_STEP, nextAt, id, step + 1);
        return tx.done();
    }
}
