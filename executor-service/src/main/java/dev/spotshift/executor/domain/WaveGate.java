package dev.spotshift.executor.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Expansion waves (seed 001 stage 3): a plan of a later wave is approved like any other, then waits in APPROVED,
 * touching nothing, until every migration of the wave before has COMPLETED; the executor hears of each end as a
 * rollout event handed to this plan. Any other end of the wave before (rolled back, failed, aborted, criteria
 * missed) means the expansion stops: the waiting plan ends ABORTED with the reason, before any capacity change.
 */
final class WaveGate {

    private WaveGate() {}

    /** A plan just approved: a first wave starts at once, a later one waits for the wave before. */
    static Transition onApproved(Tx tx, String decisionId) {
        PlanSpec.Wave wave = tx.plan().wave();
        if (!tx.plan().waitsForWave()) {
            tx.enter(Stage.PREFLIGHT);
            tx.publish(decisionId, new Payload.WaveStarted(wave.label() + " starts: nothing before it to wait for"));
            return Preflight.start(tx, decisionId);
        }
        tx.enter(Stage.APPROVED);
        tx.clearTimers();
        tx.publish(decisionId, new Payload.WaveWaiting(wave.label() + " waits until every migration of wave "
                + (wave.index() - 1) + " has COMPLETED: " + String.join(", ", wave.after())));
        return tx.done();
    }

    /** One migration of the wave before ended. */
    static Transition onFinished(Tx tx, Input.WaveFinished finished) {
        PlanSpec.Wave wave = tx.plan().wave();
        if (wave == null || !wave.after().contains(finished.planId())) {
            return tx.ignore("the end of " + finished.planId() + ", which this plan's wave does not wait for");
        }
        if (finished.outcome() != Stage.COMPLETED) {
            tx.enter(Stage.ABORTED);
            tx.aborted("wave " + (wave.index() - 1), finished.planId() + " ended " + finished.outcome());
            tx.publish(tx.s.decisionEventId, new Payload.Finished(Stage.ABORTED, wave.label() + " does not start: "
                    + finished.planId() + " of wave " + (wave.index() - 1) + " ended " + finished.outcome()
                    + " (only a wave whose migrations all COMPLETED lets the next one start)", 0.0));
            return tx.done();
        }
        tx.waveMemberFinished(finished.planId());
        List<String> missing = new ArrayList<>(wave.after());
        missing.removeAll(tx.s.waveDone);
        if (!missing.isEmpty()) {
            tx.publish(tx.s.decisionEventId, new Payload.WaveWaiting(wave.label() + ": " + finished.planId()
                    + " COMPLETED; still waiting for " + String.join(", ", missing)));
            return tx.done();
        }
        tx.enter(Stage.PREFLIGHT);
        tx.publish(tx.s.decisionEventId, new Payload.WaveStarted(wave.label() + " starts: every migration of wave "
                + (wave.index() - 1) + " COMPLETED (" + String.join(", ", tx.s.waveDone) + ")"));
        return Preflight.start(tx, tx.s.decisionEventId);
    }

    /** An abort while waiting ends the plan at once: nothing was changed, nothing goes back. */
    static Transition abort(Tx tx, String by, String reason, String cause) {
        tx.aborted(by, reason);
        tx.enter(Stage.ABORTED);
        tx.publish(cause, new Payload.Finished(Stage.ABORTED, "aborted by " + reason + " while waiting for its wave", 0.0));
        return tx.done();
    }
}
