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
                    reason, PriceReturn.holdFor(tx, trigger), cause);
            case PHASE -> backAndHold(tx, RollbackLevel.PHASE, trigger, -1, commandId, reason,
                    PriceReturn.holdFor(tx, trigger), cause);
            case FULL -> end(tx, Stage.ROLLED_BACK, trigger, commandId, reason, cause);
            case HOLD -> Holds.budgetHold(tx, reason, cause);
        };
    }

    static Transition stepBackAndHold(Tx tx, RollbackTrigger trigger, PauseCondition.Reason hold, String reason,
                                      String cause) {
        return backAndHold(tx, RollbackLevel.STEP, trigger, tx.plan().stepBelow(tx.s.spotPercent), null, reason,
                hold == PauseCondition.Reason.GATE_FAILED ? PriceReturn.holdFor(tx, trigger, hold) : hold, cause);
    }

    /** Every pool stormed: 0 % and hold, the plan kept so {@link Recovery} can bring it back to spot. */
    static Transition stormFallback(Tx tx, String reason, String cause) {
        return backAndHold(tx, RollbackLevel.PHASE, RollbackTrigger.INTERRUPTION_STORM, -1, null, reason,
                PauseCondition.Reason.INTERRUPTION_STORM, cause);
    }

    /**
     * No spot capacity for a step's share anywhere in the primary: 0 % and hold as for a storm across it
     * ({@link Recovery} brings the plan back), the hold named for the shortage it was, so the status, the
     * notifications and the return read the real cause.
     */
    static Transition capacityFallback(Tx tx, String reason, String cause) {
        return backAndHold(tx, RollbackLevel.PHASE, RollbackTrigger.CAPACITY_SHORTAGE, -1, null, reason,
                PauseCondition.Reason.CAPACITY_SHORTAGE, cause);
    }

    /** Kill switch: back to on-demand now; release alone does not return to spot, an operator must resume. */
    static Transition killSwitch(Tx tx, String reason, String cause) {
        PriceReturn.forget(tx); // a plan the kill switch rolled back waits for an operator
        Holds.addHold(tx, PauseCondition.Reason.ROLLBACK_HOLD, reason);
        return backAndHold(tx, RollbackLevel.PHASE, RollbackTrigger.KILL_SWITCH, -1, null, reason,
                PauseCondition.Reason.KILL_SWITCH, cause);
    }

    static Transition abort(Tx tx, String by, String reason, String cause) {
        tx.aborted(by, reason);
        return end(tx, Stage.ABORTED, RollbackTrigger.OPERATOR, cause, "aborted by " + reason, cause);
    }

    /** The longest wait between two attempts of the way back: a throttled API gets air, spot never stays long. */
    static final long MAX_RETRY_MILLIS = 30_000;

    /**
     * A capacity change failed after the actuator's bounded retries. A step toward spot that failed sends the plan
     * fully back to on-demand; a way back that failed is retried with backoff for as long as it takes: the plan
     * never gives up (and never ends) while capacity may remain on spot. A failure that a later change superseded
     * is left to that change. A step that found no spot capacity in the primary fails over when the plan has a backup.
     */
    static Transition onCloudFailure(Tx tx, Input.CloudCallFailed failure) {
        if (tx.s.unwind != null || failure.targetPercent() == 0) {
            if (failure.targetPercent() != 0 || tx.s.spotPercent != 0) {
                return tx.done(); // a step asked for before the way back: the way back decides
            }
            return retryLater(tx, failure);
        }
        if (failure.targetPercent() != tx.s.spotPercent) {
            return tx.done();
        }
        if (Failovers.takesNoCapacity(tx, failure)) {
            return Failovers.onNoCapacity(tx, failure);
        }
        return end(tx, Stage.ROLLED_BACK, RollbackTrigger.UNKNOWN_TRIGGER, null,
                "cloud call failed after retries: " + failure.error(), tx.s.lastEventId);
    }

    /** The group read back at the share asked for: a way back that reached on-demand ends (or ends its hold's wait). */
    static Transition onShareApplied(Tx tx, Input.ShareApplied applied) {
        Unwind unwind = tx.s.unwind;
        if (unwind == null || applied.targetPercent() != 0 || tx.s.spotPercent != 0) {
            return tx.done();
        }
        if (unwind.verifying()) {
            return tx.done(); // on-demand already confirmed: the procedure waits for stability
        }
        tx.wayBackOver();
        tx.cancel(Timer.Kind.CLOUD_RETRY);
        if (unwind.outcome() == null) {
            return tx.done(); // a hold's way back (kill switch, phase rollback): the plan stays held
        }
        if (unwind.procedure()) {
            return RollbackProcedure.onDemandActive(tx, unwind);
        }
        tx.enter(unwind.outcome());
        String confirmed = unwind.failures() == 0 ? "" : " (on-demand confirmed after " + unwind.failures()
                + " failed attempt" + (unwind.failures() == 1 ? "" : "s") + ")";
        tx.publish(tx.s.lastEventId, new Payload.Finished(unwind.outcome(), unwind.reason() + confirmed, 0.0));
        return tx.done();
    }

    /** The retry timer: ask for the way back again, under a new command id, unless it has been confirmed meanwhile. */
    static Transition onRetry(Tx tx, Timer timer) {
        if (tx.s.unwind == null || tx.s.spotPercent != 0) {
            return tx.done();
        }
        wayBack(tx, tx.s.unwind.outcome() != null);
        return tx.done();
    }

    private static Transition retryLater(Tx tx, Input.CloudCallFailed failure) {
        Unwind unwind = tx.s.unwind != null ? tx.s.unwind
                : Unwind.holding("way back to on-demand", tx.now);
        unwind = unwind.failed(failure.error());
        tx.wayBack(unwind);
        long delay = Math.min(MAX_RETRY_MILLIS, 1_000L << Math.min(unwind.failures() - 1, 5));
        java.time.Instant next = tx.now.plusMillis(delay);
        tx.schedule(Timer.Kind.CLOUD_RETRY, next, failure.commandId(), 0);
        tx.publish(tx.s.lastEventId, new Payload.CloudActionFailed(failure.commandId(),
                unwind.outcome() != null && tx.s.groupBefore != null ? "restore group" : "set spot share 0 %",
                unwind.failures(), failure.error(), next));
        return tx.done();
    }

    /**
     * Everything back on-demand: the group restored exactly as captured before the first change when a full
     * rollback has that snapshot, otherwise its share set to 0 %.
     */
    private static void wayBack(Tx tx, boolean full) {
        PlanSpec p = tx.plan();
        if (full && tx.s.groupBefore != null && p.groupName() != null && p.touchesCapacity()) {
            tx.command(new Command.RestoreGroup(tx.cloudId(), p.region(), p.groupName(), tx.s.groupBefore));
            tx.onDemandRecorded();
        } else {
            tx.setSpotShare(0);
        }
    }

    private static Transition backAndHold(Tx tx, RollbackLevel level, RollbackTrigger trigger, int targetStep,
                                          String commandId, String reason, PauseCondition.Reason hold, String cause) {
        int from = tx.s.spotPercent;
        int to = tx.plan().percentOf(targetStep);
        if (trigger != RollbackTrigger.INTERRUPTION_STORM && trigger != RollbackTrigger.CAPACITY_SHORTAGE) {
            Failovers.release(tx, reason, cause, false); // whatever runs on spot steps back, the backup's share too
        }
        if (to != from) {
            tx.setSpotShare(to);
            if (to == 0 && tx.plan().touchesCapacity()) {
                tx.wayBack(Unwind.holding(reason, tx.now)); // held, but waiting for on-demand read back
            }
        }
        tx.stepsUndoneTo(targetStep);
        tx.stepUndone();
        Holds.addHold(tx, hold, reason);
        if (tx.s.pausedFrom == Stage.AWAITING_APPROVAL || tx.s.pausedFrom == Stage.VALIDATING) {
            tx.resumesAtNextStep(); // the step it waited on is undone: a resume starts the next step again
        }
        String id = tx.publish(cause, new Payload.RolledBack(level, trigger, from, to, commandId, reason, tx.now));
        tx.publish(id, new Payload.Paused(hold, reason, null));
        return tx.done();
    }

    /**
     * FULL: back to on-demand even when the share already reads 0, the cheapest way to be sure. The plan is
     * ROLLING_BACK until the group reads back on-demand ({@link #onShareApplied}), and only then ends
     * {@code outcome}; a DRY_RUN plan, which changed nothing, ends at once.
     */
    private static Transition end(Tx tx, Stage outcome, RollbackTrigger trigger, String commandId, String reason,
                                  String cause) {
        int from = tx.s.spotPercent;
        tx.clearTimers();
        tx.cancel(Timer.Kind.MARKET_CHECK);
        tx.cancel(Timer.Kind.CLOUD_RETRY);
        tx.stepReleased();
        tx.holdsDropped();
        Failovers.release(tx, reason, cause, false);
        if (!tx.plan().touchesCapacity()) {
            tx.onDemandRecorded();
            tx.enter(outcome);
            String id = tx.publish(cause, new Payload.RolledBack(RollbackLevel.FULL, trigger, from, 0, commandId,
                    reason, tx.now));
            tx.publish(id, new Payload.Finished(outcome, reason, 0.0));
            return tx.done();
        }
        tx.enter(Stage.ROLLING_BACK);
        tx.wayBack(Unwind.toward(outcome, reason, tx.now));
        wayBack(tx, true);
        Payload rolledBack = new Payload.RolledBack(RollbackLevel.FULL, trigger, from, 0, commandId, reason, tx.now);
        if (outcome == Stage.ROLLED_BACK && tx.settings.rollbackProcedure()) {
            // seed 000's procedure: its first step is this very transition; the others are timed as they happen
            ProcedureStep paused = RollbackProcedure.paused(tx);
            tx.wayBack(tx.s.unwind.with(paused, false));
            rolledBack = new Payload.WithProcedure(rolledBack, java.util.List.of(paused));
        }
        tx.publish(cause, rolledBack);
        return tx.done();
    }
}
