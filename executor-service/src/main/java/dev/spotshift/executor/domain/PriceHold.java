package dev.spotshift.executor.domain;

import java.time.Instant;

/**
 * A monitor rollback (or a failed gate) holding the plan that may return to spot by itself: the trigger whose
 * clearing returns it, since when it has read cleared, and the last such return (the next waits a hold-down past it).
 *
 * @param calmSince the trigger has read cleared (inside the hysteresis band) since then; null otherwise (and in
 *                  states stored before it existed)
 * @param returnAt  the last return to spot after such a rollback
 * @param clearing  the trigger of the rollback holding the plan; null when the hold waits for an operator (and in
 *                  older states, where a {@code PRICE_SPIKE} hold means {@code COST_EFFICIENCY})
 */
public record PriceHold(Instant calmSince, Instant returnAt, RollbackTrigger clearing) {

    /** No rollback that returns by itself, and no return yet. */
    public static final PriceHold NONE = new PriceHold(null, null, null);

    PriceHold calm(Instant since) {
        return new PriceHold(since, returnAt, clearing);
    }

    /** Returned to spot at {@code at}: nothing holds any more. */
    PriceHold returned(Instant at) {
        return new PriceHold(null, at, null);
    }

    /** A new rollback: its clock starts afresh, {@code trigger} (or null: only an operator) clears it. */
    PriceHold clearedBy(RollbackTrigger trigger) {
        return new PriceHold(null, returnAt, trigger);
    }
}
