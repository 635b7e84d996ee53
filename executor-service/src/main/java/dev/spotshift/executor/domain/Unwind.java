package dev.spotshift.executor.domain;

import java.time.Instant;

/**
 * A rollback toward on-demand in progress (stage ROLLING_BACK): the plan ends {@code outcome} only once the group
 * reads back at its on-demand target; until then every failure is retried with backoff, never given up.
 *
 * @param failures   how many times the way back has failed so far
 * @param lastError  the last failure's message (null before the first)
 */
public record Unwind(Stage outcome, String reason, Instant since, int failures, String lastError,
                     java.util.List<ProcedureStep> steps, boolean verifying) {

    public Unwind {
        steps = steps == null ? java.util.List.of() : java.util.List.copyOf(steps);
    }

    /** A way back without seed 000's timed procedure (and one stored before it existed). */
    public Unwind(Stage outcome, String reason, Instant since, int failures, String lastError) {
        this(outcome, reason, since, failures, lastError, java.util.List.of(), false);
    }

    /** A way back that ends the plan {@code outcome} once the group reads back at its on-demand target. */
    static Unwind toward(Stage outcome, String reason, Instant since) {
        return new Unwind(outcome, reason, since, 0, null);
    }

    /** A way back of a hold (a step rolled back, the kill switch): the plan stays held, no outcome to end in. */
    static Unwind holding(String reason, Instant since) {
        return new Unwind(null, reason, since, 0, null);
    }

    Unwind failed(String error) {
        return new Unwind(outcome, reason, since, failures + 1, error, steps, verifying);
    }

    /** Whether this way back runs seed 000's rollback procedure (its first step was timed when it began). */
    boolean procedure() {
        return !steps.isEmpty();
    }

    Unwind with(ProcedureStep step, boolean verifyingNow) {
        java.util.List<ProcedureStep> more = new java.util.ArrayList<>(steps);
        more.add(step);
        return new Unwind(outcome, reason, since, failures, lastError, more, verifyingNow);
    }
}
