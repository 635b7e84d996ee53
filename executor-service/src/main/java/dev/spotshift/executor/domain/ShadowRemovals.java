package dev.spotshift.executor.domain;

import java.util.Optional;

/**
 * The shadow capacity's removal when the shadow phase ends, asked for again until it is confirmed: spot instances
 * that serve no one must not run on through the shift. Each request is watched by a {@link Timer.Kind#SHADOW_REMOVAL}
 * timer; a removal not confirmed by then (failed, or its answer lost) is asked for again under a new command id, with
 * the wait doubling, {@link #MAX_ATTEMPTS} requests at most (about two and a half minutes in all). What is still
 * running after the last one is the reaper's: shadow capacity of a plan outside its shadow phase is an orphan
 * ({@link Reaper#reason}), as is all capacity of a plan that ended.
 */
final class ShadowRemovals {

    static final int MAX_ATTEMPTS = 5;
    static final long FIRST_WAIT_MILLIS = 10_000;
    static final long MAX_WAIT_MILLIS = 60_000;

    static final String ACTION = "remove shadow capacity";

    private ShadowRemovals() {}

    /** How long request {@code attempt} (1-based) is given before the next: 10, 20, 40, 60, 60 s. */
    static long waitMillis(int attempt) {
        return Math.min(MAX_WAIT_MILLIS, FIRST_WAIT_MILLIS << Math.min(attempt - 1, 10));
    }

    /** The phase ended: the first request, watched unless the plan ended with it (then the reaper watches). */
    static void request(Tx tx, PlanSpec plan) {
        Command.RemoveShadowCapacity remove = new Command.RemoveShadowCapacity(tx.cloudId(), plan.region(),
                plan.planId());
        tx.command(remove);
        if (!tx.s.stage.terminal()) {
            tx.schedule(Timer.Kind.SHADOW_REMOVAL, tx.now.plusMillis(waitMillis(1)), remove.commandId(), 1);
        }
    }

    /** The removal's answer: confirmed ends the watch; a failure is announced with the next attempt, or the last. */
    static Transition onAnswer(Tx tx, String commandId, Input.ShadowCapacityRemoved r) {
        Optional<Timer> watch = tx.s.timers.stream().filter(t -> t.kind() == Timer.Kind.SHADOW_REMOVAL).findFirst();
        if (r.error() == null) {
            tx.cancel(Timer.Kind.SHADOW_REMOVAL);
            return tx.done();
        }
        if (watch.isPresent()) {
            tx.publish(tx.s.lastEventId, new Payload.CloudActionFailed(commandId, ACTION, watch.get().stepIndex(),
                    r.error(), watch.get().dueAt()));
        } else {
            tx.publish(tx.s.lastEventId, new Payload.CloudActionFailed(commandId, ACTION, MAX_ATTEMPTS, r.error()
                    + " (no further attempt: the reaper removes shadow capacity outside its plan's shadow phase)", null));
        }
        return tx.done();
    }

    /** The watch ran out without a confirmation: ask again, watched while attempts remain. */
    static Transition onWatchEnded(Tx tx, Timer timer) {
        if (tx.s.stage == Stage.SHADOW) {
            return tx.done(); // a shadow run started again: its capacity is wanted, its own end removes it all
        }
        Command.RemoveShadowCapacity remove = new Command.RemoveShadowCapacity(tx.cloudId(), tx.plan().region(),
                tx.plan().planId());
        tx.command(remove);
        int attempt = timer.stepIndex() + 1;
        if (attempt < MAX_ATTEMPTS) {
            tx.schedule(Timer.Kind.SHADOW_REMOVAL, tx.now.plusMillis(waitMillis(attempt)), remove.commandId(), attempt);
        }
        return tx.done();
    }
}
