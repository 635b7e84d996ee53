package dev.spotshift.notifier.domain;

import java.time.Duration;

/**
 * When to try a failed send again: {@code first}, doubling up to {@code max}, for at most {@code attempts} tries in
 * all; after the last one the delivery is given up and reported (a dead letter with the sink's last answer).
 */
public record Backoff(Duration first, Duration max, int attempts) {

    public Backoff {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0 || attempts < 1) {
            throw new IllegalArgumentException("backoff needs 0 < first <= max and at least one attempt");
        }
    }

    /** The wait after failed attempt {@code attempt} (1-based), or null when that was the last one. */
    public Duration after(int attempt) {
        if (attempt >= attempts) {
            return null;
        }
        long factor = 1L << Math.min(attempt - 1, 30);
        Duration d = first.multipliedBy(factor);
        return d.compareTo(max) > 0 ? max : d;
    }
}
