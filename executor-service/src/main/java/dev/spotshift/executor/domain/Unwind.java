package dev.spotshift.executor.domain;

import java.time.Instant;

/**
 * A rollback toward on-demand in progress (stage ROLLING_BACK): the plan ends {@code outcome} only once the group
 * reads back at its on-demand target; until then every failure is retried with backoff, never given up.
 *
 * @param failures   how many times the way back has failed so far
 * @param lastError  the last failure's message (null before the first)
 */
public record Unwind(Stage outcome, String reason, Instant since, int failures, String lastError) {

    Unwind failed(String error) {
        return new Unwind(outcome, reason, since, failures + 1, error);
    }
}
