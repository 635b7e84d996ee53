package dev.spotshift.executor.domain;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Backup-region failover (seed 001's failover configuration): when every pool of the primary region storms, the
 * primary goes on-demand as for any storm fallback, and the spot share of the last step whose gate had passed moves
 * to the backup region's group: pre-flight checked like the primary (the same probes, on the backup group), then set
 * there as a step with its own gate, announced as {@code RolloutStepStarted{backup: region/group}} so the monitor
 * judges it like any step. The primary keeps on-demand all along; the backup's share counts only once its gate has
 * passed ({@code RolloutStepCompleted{backup}}); a failed pre-flight, a failed or missing verdict, or a share that
 * cannot be set ends the failover with the reason and leaves the plan on-demand in the primary.
 * <p>
 * The way back is {@link Recovery}'s: the same market check, hysteresis and hold-down on the primary region. When it
 * returns, the backup's share goes to 0 % in the same transition that re-runs the last good step in the primary, and
 * the return's reason names the fail-back. A return waits while the backup's gate is still open, so the share never
 * bounces before the backup was judged. Everything that takes the plan off spot (a full rollback or abort, the kill
 * switch, a monitor rollback, an operator's resume) takes the backup's share to 0 % too. Cloud actions go through
 * the ordinary actuation path: commands out, their outcomes back by command id.
 */
final class Failovers {

    /** Retry of the backup's way back to 0 % after a failed attempt (the actuator already retried it briefly). */
    static final long RELEASE_RETRY_MILLIS = 5_000;

    private Failovers() {}

    /** A backup group to go to, none in use yet, and a share whose gate had passed to move there. */
    static boolean possible(Tx tx) {
        return tx.plan().backup() != null && tx.s.spot.failover() == null && tx.s.spot.lastGoodStep() >= 0;
    }

    static void begin(Tx tx, String why, String cause) {
        begin(tx, tx.s.spot.lastGoodStep(), why, cause);
    }

    private static void begin(Tx tx, int step, String why, String cause) {
        PlanSpec.Backup b = tx.plan().backup();
        int percent = tx.plan().percentOf(step);
        String probes = tx.cloudId();
        Failover f = Failover.preflight(b, step, percent, probes, tx.now, why, movedInstances(tx, percent));
        tx.failoverIs(f);
        tx.publish(cause, new Payload.Paused(PauseCondition.Reason.FAILOVER, "failover: " + why + "; the spot share of "
                + "step " + step + " (" + percent + " %) moves to " + f.where() + " as " + f.instances()
                + " spot instance" + (f.instances() == 1 ? "" : "s") + " once its pre-flight and gate pass; "
                + tx.plan().region() + " stays on-demand meanwhile", null));
        tx.command(new Command.RunPreflightProbes(probes, tx.plan().inBackup()));
    }

    /**
     * The step's spot share in the primary in instances, as Auto Scaling splits the group's desired capacity (the
     * on-demand part above the base rounded up): what the backup group is sized to hold. The primary's size is the
     * one its pre-flight read (the plan's target capacity when none was read); at least one instance, so the share
     * moved can be judged by its gate.
     */
    static int movedInstances(Tx tx, int percent) {
        PlanSpec p = tx.plan();
        int desired = tx.s.groupBefore != null ? tx.s.groupBefore.desired() : p.targetCapacity();
        int above = Math.max(0, desired - p.onDemandBase());
        int onDemandAbove = (above * (100 - percent) + 99) / 100;
        return Math.max(1, above - onDemandAbove);
    }

    /**
     * Whether a step toward spot that failed for want of spot capacity moves the share to the backup: the group's
     * share names the plan's types in every zone of the group, so insufficient capacity for it means no pool of the
     * primary region can hold spot now. Without a backup (or a passed step) the failed step ends the plan as before.
     */
    static boolean takesNoCapacity(Tx tx, Input.CloudCallFailed failure) {
        return failure.noSpotCapacity() && failure.targetPercent() > 0 && tx.plan().backup() != null
                && tx.s.spot.failover() == null && tx.s.spot.fallbackAt() == null && tx.s.completedStep >= 0;
    }

    /**
     * Every pool of the primary out of spot capacity: the primary goes on-demand (a CAPACITY_SHORTAGE rollback caused
     * by the failed outcome) and holds as for a storm across it
     * ({@link Recovery} re-reads the market and, after the hold-down, re-runs the last good step there, failing back),
     * and the last good step's share moves to the backup region's group.
     */
    static Transition onNoCapacity(Tx tx, Input.CloudCallFailed failure) {
        String region = tx.plan().region();
        String reason = "every pool of the plan in " + region + " is out of spot capacity: " + failure.error();
        tx.fellBackToOnDemand();
        // The outcome that said "no capacity" is the evidence the audit finds for the rollback.
        Rollbacks.capacityFallback(tx, reason, failure.outcomeId() != null ? failure.outcomeId() : tx.s.lastEventId);
        tx.schedule(Timer.Kind.MARKET_CHECK, tx.now.plusMillis(tx.settings.spot().marketCheckMillis()),
                tx.s.lastEventId, -1);
        begin(tx, "every pool of " + region + " is out of spot capacity", tx.s.lastEventId);
        return tx.done();
    }

    /**
     * An operator's FAILOVER: the primary goes on-demand (a PHASE rollback held for an operator, as any operator
     * rollback is: the primary's market may read healthy, which is no reason to come back) and the last passed
     * step's share moves to the backup; RESUME fails back. A plan already on-demand for a storm or a shortage, whose
     * own failover did not hold, is failed over again from its last good step. Refused, with the reason as a
     * {@code RolloutPaused{FAILOVER}}, when there is nothing to move or nowhere to move it to.
     */
    static Transition onOperator(Tx tx, Input.OperatorActed o) {
        String by = "operator " + o.operator() + (o.reason() == null ? "" : ": " + o.reason());
        String refused = refusal(tx);
        if (refused != null) {
            tx.publish(o.eventId(), new Payload.Paused(PauseCondition.Reason.FAILOVER, "failover asked by " + by
                    + " refused: " + refused, null));
            return tx.done();
        }
        if (tx.s.spot.fallbackAt() != null) {
            begin(tx, "asked by " + by + " while " + tx.plan().region() + " is on-demand", o.eventId());
            return tx.done();
        }
        int step = tx.s.completedStep;
        Rollbacks.apply(tx, RollbackLevel.PHASE, RollbackTrigger.OPERATOR, o.eventId(), "failover asked by " + by,
                o.eventId());
        begin(tx, step, "asked by " + by, tx.s.lastEventId);
        return tx.done();
    }

    /** Why an operator's failover cannot be carried out now; null when it can. */
    private static String refusal(Tx tx) {
        PlanSpec p = tx.plan();
        if (p.backup() == null) {
            return "the plan has no backup region's group (workload.backupRegion and its Auto Scaling group)";
        }
        Failover f = tx.s.spot.failover();
        if (f != null) {
            return "a failover to " + f.where() + " is already " + f.phase();
        }
        if (tx.s.spot.fallbackAt() != null) {
            return tx.s.spot.lastGoodStep() >= 0 ? null : "no step had passed its gate when " + p.region()
                    + " went on-demand: there is no share to move";
        }
        if (tx.s.spotPercent <= 0 || tx.s.completedStep < 0) {
            return "the plan is not on spot with a passed step (" + tx.s.spotPercent + " % spot, "
                    + (tx.s.completedStep < 0 ? "no step passed" : "last passed step " + tx.s.completedStep)
                    + ", stage " + tx.s.stage + ")";
        }
        return null;
    }

    /** Whether an outcome answers one of the failover's commands (and so is the failover's to apply). */
    static boolean owns(RolloutState state, String commandId) {
        Failover f = state.spot().failover();
        return f != null && commandId != null && f.commandIds().contains(commandId);
    }

    static Transition onAnswer(Tx tx, Input answer) {
        Failover f = tx.s.spot.failover();
        if (answer instanceof Input.ProbesCompleted p) {
            if (f.phase() != Failover.Phase.PREFLIGHT) {
                return tx.ignore("backup pre-flight results while the failover is " + f.phase());
            }
            String failed = p.checks().stream().filter(c -> !c.passed()).map(c -> c.check() + ": " + c.detail())
                    .collect(Collectors.joining("; "));
            if (failed.isEmpty() && p.groupBefore() == null && tx.plan().touchesCapacity()) {
                failed = "backup group: its configuration could not be read, so a resize could not be put back";
            }
            if (!failed.isEmpty()) {
                tx.failoverIs(null);
                tx.publish(tx.s.lastEventId, new Payload.Paused(PauseCondition.Reason.FAILOVER, "failover to "
                        + f.where() + " refused by its pre-flight (" + failed + "); " + tx.plan().region()
                        + " stays on-demand", null));
                return tx.done();
            }
            return startGate(tx, f.found(p.groupBefore()));
        }
        if (answer instanceof Input.ShareApplied a) {
            if (f.phase() == Failover.Phase.RELEASING && a.targetPercent() == 0) {
                tx.failoverIs(null);
                tx.cancel(Timer.Kind.FAILOVER);
            }
            return tx.done();
        }
        if (answer instanceof Input.CloudCallFailed c) {
            if (f.phase() == Failover.Phase.RELEASING) {
                return retryRelease(tx, f, c);
            }
            if (f.phase() == Failover.Phase.GATING && c.targetPercent() > 0) {
                release(tx, "its share could not be set: " + c.error(), tx.s.lastEventId, true);
                return tx.done();
            }
            return tx.done();
        }
        return tx.ignore("outcome " + answer.getClass().getSimpleName() + " of a failover command");
    }

    /** The monitor's verdict on the backup's step, while its gate is open. */
    static boolean judges(Tx tx, Input.VerdictReceived v) {
        Failover f = tx.s.spot.failover();
        return f != null && f.phase() == Failover.Phase.GATING && f.stepIndex() == v.stepIndex()
                && tx.s.stage != Stage.SHIFTING;
    }

    static Transition onVerdict(Tx tx, Input.VerdictReceived v) {
        Failover f = tx.s.spot.failover();
        tx.cancel(Timer.Kind.FAILOVER);
        if (v.result() == GateResult.PASS) {
            tx.failoverIs(f.in(Failover.Phase.ACTIVE));
            tx.publish(v.eventId(), new Payload.StepCompleted(f.stepIndex(), f.spotPercent(), v.eventId(), null,
                    f.where()));
            return tx.done();
        }
        String reasons = v.reasons().isEmpty() ? v.result().name() : v.result() + ": " + String.join("; ", v.reasons());
        release(tx, "its gate did not pass (" + reasons + ")", v.eventId(), true);
        return tx.done();
    }

    static Transition onTimer(Tx tx, Timer timer) {
        Failover f = tx.s.spot.failover();
        if (f == null) {
            return tx.done();
        }
        if (f.phase() == Failover.Phase.GATING) {
            release(tx, "no gate verdict by its deadline", timer.causeId(), true);
        } else if (f.phase() == Failover.Phase.RELEASING) {
            String id = tx.cloudId();
            tx.command(backupBack(tx, f, id));
            tx.failoverIs(f.sent(id));
        }
        return tx.done();
    }

    /**
     * The return to spot in the primary: the backup's share back to 0 % in the same transition; what the return's
     * reason adds about it (empty without a failover).
     */
    static String failBack(Tx tx) {
        Failover f = tx.s.spot.failover();
        if (f == null || f.phase() == Failover.Phase.RELEASING) {
            return "";
        }
        release(tx, "the primary region recovered", tx.s.lastEventId, false);
        return "; fail-back from " + f.where() + " (its " + f.spotPercent() + " % spot share"
                + (f.backupBefore() != null ? ", " + f.instances() + " instance" + (f.instances() == 1 ? "" : "s")
                + ", back to the group's own size and mix" : " to 0 %") + ")";
    }

    /** Whether the backup is still being judged: a return to the primary waits for its verdict. */
    static boolean undecided(Tx tx) {
        Failover f = tx.s.spot.failover();
        return f != null && (f.phase() == Failover.Phase.PREFLIGHT || f.phase() == Failover.Phase.GATING);
    }

    /**
     * Ends the failover: the backup's share to 0 % (confirmed by its outcome, retried until then); with
     * {@code announce} a {@code RolloutPaused{FAILOVER}} says why (otherwise the event that ends it does).
     */
    static void release(Tx tx, String why, String cause, boolean announce) {
        Failover f = tx.s.spot.failover();
        if (f == null || f.phase() == Failover.Phase.RELEASING) {
            return;
        }
        tx.cancel(Timer.Kind.FAILOVER);
        boolean shareSet = f.phase() != Failover.Phase.PREFLIGHT && tx.plan().touchesCapacity();
        if (shareSet) {
            String id = tx.cloudId();
            tx.command(backupBack(tx, f, id));
            tx.failoverIs(f.sent(id).in(Failover.Phase.RELEASING));
        } else {
            tx.failoverIs(null);
        }
        if (announce) {
            tx.publish(cause, new Payload.Paused(PauseCondition.Reason.FAILOVER, "failover to " + f.where()
                    + " ended: " + why + (shareSet ? (f.backupBefore() != null ? "; the group back to its own size "
                    + "and mix" : "; its spot share back to 0 %") : "") + "; " + tx.plan().region()
                    + " stays on-demand", null));
        }
    }

    private static Transition startGate(Tx tx, Failover f) {
        PlanSpec p = tx.plan();
        Instant due = tx.now.plusMillis(p.validationWindowOf(f.stepIndex()));
        Failover gating = f.in(Failover.Phase.GATING);
        if (p.touchesCapacity()) {
            String id = tx.cloudId();
            tx.command(backupShare(tx, f, id));
            gating = gating.sent(id);
        }
        tx.failoverIs(gating);
        String id = tx.publish(tx.s.lastEventId, new Payload.StepStarted(f.stepIndex(), p.stepCount(), 0,
                f.spotPercent(), tx.s.stepsHash, due, f.where()));
        tx.schedule(Timer.Kind.FAILOVER, due.plusMillis(tx.settings.gateGraceMillis()), id, f.stepIndex());
        return tx.done();
    }

    private static Transition retryRelease(Tx tx, Failover f, Input.CloudCallFailed c) {
        Failover failed = f.failed();
        tx.failoverIs(failed);
        Instant next = tx.now.plusMillis(RELEASE_RETRY_MILLIS);
        tx.schedule(Timer.Kind.FAILOVER, next, tx.s.lastEventId, f.stepIndex());
        tx.publish(tx.s.lastEventId, new Payload.CloudActionFailed(c.commandId(), (f.backupBefore() != null
                ? "restore the group " : "set spot share 0 % on ") + f.where(), failed.failures(), c.error(), next));
        return tx.done();
    }

    /**
     * The backup group holding exactly the moved share: desired = min = max = the instances the step had on spot in
     * the primary, all of them spot (no on-demand base: the plan's on-demand stays in the primary), the plan's whole
     * type list (the storm or shortage was the primary's) and its price cap. No scaling rules: they would move the
     * sizes off the share. A failover from a state stored before sizing keeps the group's sizes and sets the step's
     * share on it, as it did then.
     */
    private static Command.SetSpotShare backupShare(Tx tx, Failover f, String id) {
        PlanSpec p = tx.plan();
        if (f.backupBefore() == null) {
            return new Command.SetSpotShare(id, f.region(), f.groupName(), f.spotPercent(), p.onDemandBase(),
                    p.allocationStrategy(), p.instanceTypes(), p.spotRules().maxPriceMicros(),
                    p.spotRules().maxPriceFractionOfOnDemand(), p.scaling());
        }
        int n = f.instances();
        return new Command.SetSpotShare(id, f.region(), f.groupName(), 100, 0, p.allocationStrategy(),
                p.instanceTypes(), p.spotRules().maxPriceMicros(), p.spotRules().maxPriceFractionOfOnDemand(), null,
                new Command.GroupSize(n, n, n));
    }

    /** The backup group put back as its pre-flight found it (sizes and mix); 0 % spot where none was read. */
    private static Command.CloudAction backupBack(Tx tx, Failover f, String id) {
        if (f.backupBefore() != null) {
            return new Command.RestoreGroup(id, f.region(), f.groupName(), f.backupBefore());
        }
        PlanSpec p = tx.plan();
        return new Command.SetSpotShare(id, f.region(), f.groupName(), 0, p.onDemandBase(), p.allocationStrategy(),
                p.instanceTypes(), p.spotRules().maxPriceMicros(), p.spotRules().maxPriceFractionOfOnDemand(), null);
    }
}
