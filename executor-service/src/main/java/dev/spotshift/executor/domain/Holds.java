package dev.spotshift.executor.domain;

/**
 * Holding and resuming: pause conditions with reason and start time (Argo), the kill switch, a changed step list.
 * A plan leaves PAUSED only when no condition is left, into the stage it was paused from.
 */
final class Holds {

    private Holds() {}

    static Transition hold(Tx tx, PauseCondition.Reason reason, String message, String cause) {
        addHold(tx, reason, message);
        tx.publish(cause, new Payload.Paused(reason, message, null));
        return tx.done();
    }

    /** Enters PAUSED (remembering where to resume) and records the condition; timers stop: nothing proceeds. */
    static void addHold(Tx tx, PauseCondition.Reason reason, String message) {
        tx.enterPaused();
        tx.clearTimers();
        tx.holdSet(reason, message);
    }

    static Transition onPause(Tx tx, String reason, String cause) {
        if (tx.s.pauses.stream().anyMatch(p -> p.reason() == PauseCondition.Reason.OPERATOR)) {
            return tx.ignore("already paused by an operator");
        }
        if (tx.s.stage == Stage.SHIFTING) {
            tx.stepReleased();
        }
        return hold(tx, PauseCondition.Reason.OPERATOR, "paused by " + reason, cause);
    }

    /**
     * A budget cap crossed: the plan holds where it is. A step toward spot is a change no gate has judged yet, and
     * the way back to on-demand costs more still, so neither happens; the step in flight is re-run, with a fresh
     * gate, when an operator resumes. A plan already on its way back (or held by a rollback) keeps that course and
     * gains the condition, so resuming it means knowing about the cap too.
     */
    static Transition budgetHold(Tx tx, String reason, String cause) {
        if (tx.s.stage == Stage.SHIFTING) {
            tx.stepReleased();
        }
        if (tx.s.stage == Stage.PAUSED) {
            tx.holdSet(PauseCondition.Reason.BUDGET_CAP, reason);
            tx.publish(cause, new Payload.Paused(PauseCondition.Reason.BUDGET_CAP, reason, null));
            return tx.done();
        }
        return hold(tx, PauseCondition.Reason.BUDGET_CAP, reason, cause);
    }

    /** An operator clears every condition but the kill switch, which only its release clears. */
    static Transition onResume(Tx tx, String by, String cause) {
        if (tx.s.stage != Stage.PAUSED) {
            return tx.ignore("resume while not paused (" + tx.s.stage + ")");
        }
        if (tx.s.pauses.stream().anyMatch(p -> p.reason() == PauseCondition.Reason.KILL_SWITCH)) {
            return tx.ignore("kill switch engaged: resume after it is released");
        }
        tx.allHoldsLifted();
        PriceReturn.forget(tx);
        Failovers.release(tx, "resumed by " + by, cause, false); // the plan goes on from the primary region
        return resume(tx, by, cause);
    }

    static Transition onKillSwitch(Tx tx, Input.KillSwitchChanged k) {
        if (k.engaged() == tx.s.killSwitchEngaged) {
            return tx.ignore("kill switch already " + (k.engaged() ? "engaged" : "released"));
        }
        tx.killSwitchFollowed(k.engaged());
        String message = "kill switch " + (k.engaged() ? "engaged" : "released") + " by " + k.operator()
                + (k.reason() == null ? "" : ": " + k.reason());
        if (k.engaged()) {
            boolean onSpot = tx.s.spotPercent > 0 || tx.s.stage.shifting()
                    || tx.s.pausedFrom != null && tx.s.pausedFrom.shifting();
            return onSpot ? Rollbacks.killSwitch(tx, message, k.eventId())
                    : hold(tx, PauseCondition.Reason.KILL_SWITCH, message, k.eventId());
        }
        tx.holdLifted(PauseCondition.Reason.KILL_SWITCH);
        if (tx.s.stage == Stage.PAUSED && tx.s.pauses.isEmpty()) {
            return resume(tx, k.operator(), k.eventId());
        }
        return tx.done(); // plans the switch rolled back keep their ROLLBACK_HOLD until an operator resumes
    }

    /** Argo notices a changed pod template by its hash; here a changed step list holds until someone resumes. */
    static Transition stepsChanged(Tx tx, Input.PlanApproved decision) {
        tx.planChangePending(decision.plan());
        return hold(tx, PauseCondition.Reason.STEPS_CHANGED, "step list changed from " + tx.plan().stepsPercent()
                + " (" + tx.s.stepsHash + ") to " + decision.plan().stepsPercent() + " ("
                + decision.plan().stepsHash() + "); resume adopts it", decision.eventId());
    }

    static Transition resume(Tx tx, String by, String cause) {
        if (tx.s.pendingPlan != null) {
            tx.pendingPlanAdopted();
        }
        Stage target = tx.leftPaused();
        String id = tx.publish(cause, new Payload.Resumed(by));
        return switch (target) {
            case PREFLIGHT -> Preflight.begin(tx, id);
            case BASELINE -> Observation.startBaseline(tx, id);
            case SHADOW -> Observation.startShadow(tx, id);
            case VALIDATING -> Observation.startValidation(tx, id);
            case AWAITING_APPROVAL -> tx.done();
            default -> nextStep(tx, id);
        };
    }

    private static Transition nextStep(Tx tx, String cause) {
        int next = tx.s.completedStep + 1;
        return next >= tx.plan().stepCount() ? Observation.startValidation(tx, cause) : Gates.startStep(tx, next, cause);
    }
}
