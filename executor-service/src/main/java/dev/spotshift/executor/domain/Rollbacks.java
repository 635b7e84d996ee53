package dev.spotshift.executor.domain;

/**
 * The way back (seed 003): STEP to the share below and hold, PHASE to 0 % and hold (resumable), FULL to 0 % and
 * end ROLLED_BACK; abort is a FULL rollback that ends ABORTED. Every rollback publishes {@code RolledBack}
 * stamped with the time the on-demand capacity was requested.
 */
final class Rollbacks {

    private Rollbacks() {}

    static Transition apply(Tx tx, RollbackLevel level, RollbackTrigger trigger, String commandId, String reason,
                            String cause) {
        return switch (level) {
            case STEP -> backAndHold(tx, RollbackLevel.STEP, trigger, tx.plan().stepBelow(tx.s.spotPercent), commandId,
                    reason, PauseCondition.Reason.ROLLBACK_HOLD, cause);
            case PHASE -> backAndHold(tx, RollbackLevel.PHASE, trigger, -1, commandId, reason,
                    PauseCondition.Reason.ROLLBACK_HOLD, cause);
            case FULL -> end(tx, Stage.ROLLED_BACK, trigger, commandId, reason, cause);
        };
    }

    static Transition stepBackAndHold(Tx tx, RollbackTrigger trigger, PauseCondition.Reason hold, String reason,
                                      String cause) {
        return backAndHold(tx, RollbackLevel.STEP, trigger, tx.plan().stepBelow(tx.s.spotPercent), null, reason, hold,
                cause);
    }

    /** Every pool stormed: 0 % and hold, the plan kept so {@link Recovery} can bring it back to spot. */
    static Transition stormFallback(Tx tx, String reason, String cause) {
        return backAndHold(tx, RollbackLevel.PHASE, RollbackTrigger.INTERRUPTION_STORM, -1, null, reason,
                PauseCondition.Reason.INTERRUPTION_STORM, cause);
    }

    /** Kill switch: back to on-demand now; release alone does not return to spot, an operator must resume. */
    static Transition killSwitch(Tx tx, String reason, String cause) {
        Holds.addHold(tx, PauseCondition.Reason.ROLLBACK_HOLD, reason);
        return backAndHold(tx, RollbackLevel.PHASE, RollbackTrigger.KILL_SWITCH, -1, null, reason,
                PauseCondition.Reason.KILL_SWITCH, cause);
    }

    static Transition abort(Tx tx, String by, String reason, String cause) {
        tx.s.abort = new Abort(tx.now, by, reason);
        return end(tx, Stage.ABORTED, RollbackTrigger.OPERATOR, cause, "aborted by " + reason, cause);
    }

    /** A capacity change failed after retries: go fully on-demand; if that is what failed, the plan FAILED. */
    static Transition onCloudFailure(Tx tx, Input.CloudCallFailed failure) {
        if (failure.targetPercent() > 0) {
            return end(tx, Stage.ROLLED_BACK, RollbackTrigger.UNKNOWN_TRIGGER, null,
                    "cloud call failed after retries: " + failure.error(), tx.s.lastEventId);
        }
        tx.clearTimers();
        tx.enter(Stage.FAILED);
        tx.publish(tx.s.lastEventId, new Payload.Finished(Stage.FAILED,
                "capacity could not be returned to on-demand: " + failure.error(), 0.0));
        return tx.done();
    }

    private static Transition backAndHold(Tx tx, RollbackLevel level, RollbackTrigger trigger, int targetStep,
                                          String commandId, String reason, PauseCondition.Reason hold, String cause) {
        int from = tx.s.spotPercent;
        int to = tx.plan().percentOf(targetStep);
        if (to != from) {
            tx.setSpotShare(to);
        }
        tx.s.completedStep = Math.min(tx.s.completedStep, targetStep);
        tx.s.activeStep = -1;
        tx.s.gateVerdictId = null;
        Holds.addHold(tx, hold, reason);
        if (tx.s.pausedFrom == Stage.AWAITING_APPROVAL || tx.s.pausedFrom == Stage.VALIDATING) {
            tx.s.pausedFrom = Stage.SHIFTING; // the step it waited on is undone: a resume starts the next step again
        }
        String id = tx.publish(cause, new Payload.RolledBack(level, trigger, from, to, commandId, reason, tx.now));
        tx.publish(id, new Payload.Paused(hold, reason, null));
        return tx.done();
    }

    /** FULL: set 0 % even when the share already reads 0, the cheapest way to be sure everything is on-demand. */
    private static Transition end(Tx tx, Stage outcome, RollbackTrigger trigger, String commandId, String reason,
                                  String cause) {
        int from = tx.s.spotPercent;
        tx.clearTimers();
        tx.s.activeStep = -1;
        tx.s.pauses.clear();
        tx.s.pausedFrom = null;
        tx.setSpotShare(0);
        tx.enter(outcome);
        String id = tx.publish(cause, new Payload.RolledBack(RollbackLevel.FULL, trigger, from, 0, commandId, reason,
                tx.now));
        tx.publish(id, new Payload.Finished(outcome, reason, 0.0));
        return tx.done();
    }
}
