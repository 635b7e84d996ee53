package dev.spotshift.executor.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * Seed 000's rollback procedure after a full rollback, each step timed against the seed's bound: the spot capacity
 * paused at once (the way back asked for in the transition that took the order), on-demand active (the group read
 * back at its on-demand target), stability verified (a sample of the workload at 0 % spot with jobs done and none
 * failed or inconsistent), state restored (the group's pre-flight configuration confirmed, the plan's checkpoint
 * store named as the state the workload resumes from). The plan ends ROLLED_BACK after the last step; a stability
 * that does not come within its bound is recorded as missed and the plan ends all the same: capacity is on-demand.
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
        tx.s.unwind = unwind.with(new ProcedureStep(ProcedureStep.ACTIVATE_ONDEMAND, since(tx, unwind),
                ProcedureStep.ONDEMAND_MILLIS, detail), true);
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

    /** No healthy sample within the seed's bound: recorded as missed, and the plan ends on on-demand anyway. */
    static Transition onStabilityDeadline(Tx tx) {
        Unwind unwind = tx.s.unwind;
        if (unwind == null || !unwind.verifying()) {
            return tx.done();
        }
        return finish(tx, unwind, since(tx, unwind), "NOT verified: no sample at 0 % spot with jobs done and none"
                + " failed within " + ProcedureStep.STABILITY_MILLIS / 1000 + " s");
    }

    private static Transition finish(Tx tx, Unwind unwind, long stableAfter, String stability) {
        Unwind done = unwind.with(new ProcedureStep(ProcedureStep.VERIFY_STABILITY, stableAfter,
                ProcedureStep.STABILITY_MILLIS, stability), false);
        PlanSpec p = tx.plan();
        String restored = (tx.s.groupBefore != null ? "group " + p.groupName() + " back to its pre-flight"
                + " configuration (" + tx.s.groupBefore.onDemandBase() + " on-demand base, read back)"
                : "group " + p.groupName() + " at 0 % spot (no pre-flight snapshot to restore)")
                + (p.checkpointLocation() == null ? "; the plan keeps no checkpoint"
                : "; the workload resumes from its checkpoint store " + p.checkpointLocation());
        done = done.with(new ProcedureStep(ProcedureStep.RESTORE_STATE, since(tx, unwind), ProcedureStep.RESTORE_MILLIS,
                restored), false);
        tx.s.timers.removeIf(t -> t.kind() == Timer.Kind.STABILITY_DEADLINE);
        tx.s.unwind = null;
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
