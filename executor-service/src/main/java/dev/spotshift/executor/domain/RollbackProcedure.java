package dev.spotshift.executor.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * Seed 000's rollback procedure after a full rollback, each step timed against the seed's bound: the spot capacity
 * paused at once (the way back asked for in the transition that took the order), on-demand active (the group read
 * back at its on-demand target), stability verified (a sample of the workload at 0 % spot with jobs done and none
 * failed or inconsistent), state restored (the group's pre-flight configuration confirmed, and the last checkpoint
 * verified during the plan read back from its store with the checksum it was written with). The plan ends
 * ROLLED_BACK after the last step; a stability or read-back that does not come within its bound is recorded as
 * missed and the plan ends all the same: capacity is on-demand.
 */
final class RollbackProcedure {

    private RollbackProcedure() {}

    /** The first step, when a full rollback begins: from the order (the monitor's command) to the way back asked for. */
    static ProcedureStep paused(Tx tx) {
        long took = tx.orderedAt == null ? 0 : Math.max(0, Duration.between(tx.orderedAt, tx.now).toMillis());
        return new ProcedureStep(ProcedureStep.PAUSE_SPOT_FLEET, took, ProcedureStep.IMMEDIATE_MILLIS,
                "spot share set to 0 % in the transition that took the rollback order");
    }

    /** The group reads back on-demand: step 2 is timed and stability is awaited until its bound. */
    static Transition onDemandActive(Tx tx, Unwind unwind) {
        String detail = "group " + tx.plan().groupName() + " read back at its on-demand target"
                + (unwind.failures() == 0 ? "" : " after " + unwind.failures() + " failed attempt(s)");
        tx.wayBack(unwind.with(new ProcedureStep(ProcedureStep.ACTIVATE_ONDEMAND, since(tx, unwind),
                ProcedureStep.ONDEMAND_MILLIS, detail), true));
        tx.schedule(Timer.Kind.STABILITY_DEADLINE, unwind.since().plusMillis(ProcedureStep.STABILITY_MILLIS),
                tx.s.lastEventId, -1);
        return tx.done();
    }

    /** A sample while stability is awaited: a healthy one at 0 % spot verifies it. */
    static Transition onSample(Tx tx, Input.MetricObserved m) {
        Unwind unwind = tx.s.unwind;
        if (unwind == null || !unwind.verifying()) {
            return tx.ignore("a metric sample while rolling back");
        }
        if (m.shadow() || m.spotPercent() > 0 || m.jobsCompleted() <= 0 || m.jobsFailed() > 0
                || m.dataInconsistencies() > 0) {
            return tx.ignore("a sample that does not show the workload stable on on-demand yet");
        }
        return finish(tx, unwind, since(tx, unwind), m.jobsCompleted() + " jobs completed on on-demand, none failed,"
                + " no inconsistency (mean " + m.meanJobMillis() + " ms)");
    }

    /**
     * No healthy sample within the seed's bound: recorded as missed, and the plan ends on on-demand anyway. Or no
     * answer on the checkpoint's read-back within the restore's bound: the plan ends with the state not restored.
     */
    static Transition onStabilityDeadline(Tx tx) {
        Unwind unwind = tx.s.unwind;
        if (restoring(unwind)) {
            return restored(tx, unwind, "NOT restored: the checkpoint store did not answer the read-back within "
                    + ProcedureStep.RESTORE_MILLIS / 1000 + " s");
        }
        if (unwind == null || !unwind.verifying()) {
            return tx.done();
        }
        return finish(tx, unwind, since(tx, unwind), "NOT verified: no sample at 0 % spot with jobs done and none"
                + " failed within " + ProcedureStep.STABILITY_MILLIS / 1000 + " s");
    }

    private static Transition finish(Tx tx, Unwind unwind, long stableAfter, String stability) {
        Unwind verified = unwind.with(new ProcedureStep(ProcedureStep.VERIFY_STABILITY, stableAfter,
                ProcedureStep.STABILITY_MILLIS, stability), false);
        tx.cancel(Timer.Kind.STABILITY_DEADLINE);
        java.util.Optional<Interruption.Checkpoint> checkpoint = lastVerifiedCheckpoint(tx);
        if (checkpoint.isEmpty()) {
            return restored(tx, verified, tx.plan().checkpointLocation() == null ? "the plan keeps no checkpoint"
                    : "no checkpoint was verified in " + tx.plan().checkpointLocation() + " during the plan: nothing to"
                    + " restore from");
        }
        // The state is only as good as its read-back: the store must still hold it with the checksum it was written
        // with. The same deadline timer bounds the read-back, at the seed's 5 min from the start of the way back.
        tx.wayBack(verified);
        tx.command(new Command.ValidateRestore(tx.cloudId(), restoreId(verified), checkpoint.get().location(),
                checkpoint.get().sha256()));
        tx.schedule(Timer.Kind.STABILITY_DEADLINE, verified.since().plusMillis(ProcedureStep.RESTORE_MILLIS),
                tx.s.lastEventId, -1);
        return tx.done();
    }

    /** Whether {@code warningId} names this plan's restore read-back, which the plan still waits for. */
    static boolean awaitsRestore(Tx tx, String warningId) {
        return restoring(tx.s.unwind) && restoreId(tx.s.unwind).equals(warningId);
    }

    /** The store's answer on the last verified checkpoint: the last step of the procedure. */
    static Transition onRestoreValidated(Tx tx, Input.RestoreValidated v) {
        Interruption.Checkpoint c = lastVerifiedCheckpoint(tx).orElseThrow();
        tx.cancel(Timer.Kind.STABILITY_DEADLINE);
        return restored(tx, tx.s.unwind, v.valid()
                ? "state restored from the last verified checkpoint " + c.location() + " (sha256 " + c.sha256()
                + " read back: " + v.detail() + ")"
                : "NOT restored: the last verified checkpoint " + c.location() + " failed its read-back: " + v.detail());
    }

    /** Waiting for the checkpoint's read-back: stability is verified (its step recorded), the restore not yet. */
    static boolean restoring(Unwind u) {
        return u != null && u.procedure() && !u.verifying()
                && u.steps().get(u.steps().size() - 1).step().equals(ProcedureStep.VERIFY_STABILITY);
    }

    /** One read-back per way back, named by when that way back began (it answers on the interruption's channel). */
    private static String restoreId(Unwind u) {
        return "rollback-restore:" + u.since().toEpochMilli();
    }

    /** The newest checkpoint the store confirmed during the plan (an interruption's), if any. */
    private static java.util.Optional<Interruption.Checkpoint> lastVerifiedCheckpoint(Tx tx) {
        java.util.List<Interruption> all = tx.s.spot.interruptions();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).checkpoint() != null) {
                return java.util.Optional.of(all.get(i).checkpoint());
            }
        }
        return java.util.Optional.empty();
    }

    private static Transition restored(Tx tx, Unwind verified, String state) {
        PlanSpec p = tx.plan();
        String group = tx.s.groupBefore != null ? "group " + p.groupName() + " back to its pre-flight configuration ("
                + tx.s.groupBefore.onDemandBase() + " on-demand base, read back)"
                : "group " + p.groupName() + " at 0 % spot (no pre-flight snapshot to restore)";
        Unwind done = verified.with(new ProcedureStep(ProcedureStep.RESTORE_STATE, since(tx, verified),
                ProcedureStep.RESTORE_MILLIS, group + "; " + state), false);
        tx.wayBackOver();
        tx.enter(done.outcome());
        tx.publish(tx.s.lastEventId, new Payload.WithProcedure(new Payload.Finished(done.outcome(), done.reason()
                + "; rollback procedure: " + summary(done), 0.0), done.steps()));
        return tx.done();
    }

    static String summary(Unwind u) {
        StringBuilder b = new StringBuilder();
        for (ProcedureStep s : u.steps()) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(s.step()).append(' ').append(s.durationMillis()).append(" ms")
                    .append(s.withinBound() ? " <= " : " > ").append(s.boundMillis()).append(" ms");
        }
        return b.toString();
    }

    private static long since(Tx tx, Unwind unwind) {
        return Math.max(0, Duration.between(unwind.since(), tx.now).toMillis());
    }

    static Instant deadline(Unwind unwind) {
        return unwind.since().plusMillis(ProcedureStep.STABILITY_MILLIS);
    }
}
