package dev.spotshift.notifier.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket per sink: {@code perMinute} sends a minute, a burst of as many. A send over the limit is not
 * dropped: {@link #reserve} says how long to wait for its turn. Thread-safe.
 */
public final class RateLimit {

    private final double perNano;
    private final double burst;
    private double tokens;
    private Instant refilledAt;

    public RateLimit(int perMinute, Instant now) {
        this.perNano = perMinute / (double) Duration.ofMinutes(1).toNanos();
        this.burst = perMinute;
        this.tokens = perMinute;
        this.refilledAt = now;
    }

    /** Takes a token (possibly one not there yet) and returns how long until it is there: zero when it is now. */
    public synchronized Duration reserve(Instant now) {
        if (now.isAfter(refilledAt)) {
            tokens = Math.min(burst, tokens + Duration.between(refilledAt, now).toNanos() * perNano);
            refilledAt = now;
        }
        tokens -= 1;
        return tokens >= 0 ? Duration.ZERO : Duration.ofNanos((long) Math.ceil(-tokens / perNano));
    }
}
