package dev.spotshift.cloud;

import java.time.Instant;
import java.util.Objects;

/**
 * One circuit breaker around cloud calls, as a service exposes it (gauges, health): {@code name} is
 * {@code region/service:Operation}, e.g. {@code us-east-1/autoscaling:UpdateAutoScalingGroup}. {@code openUntil} is
 * set only while the breaker is {@link State#OPEN}; once it has passed, the next call is the half-open trial (the state
 * changes on that call, not on the clock). {@code consecutiveFailures} counts UNAVAILABLE/THROTTLED/timed-out calls
 * since the last answer from the service.
 */
public record BreakerSnapshot(String name, State state, int consecutiveFailures, Instant openUntil) {

    public enum State {
        /** Calls go through. */
        CLOSED,
        /** Calls fail fast until {@code openUntil}. */
        OPEN,
        /** One trial call decides: success closes, failure opens again. */
        HALF_OPEN
    }

    public BreakerSnapshot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        if (consecutiveFailures < 0) {
            throw new IllegalArgumentException("consecutiveFailures must not be negative: " + consecutiveFailures);
        }
    }
}
