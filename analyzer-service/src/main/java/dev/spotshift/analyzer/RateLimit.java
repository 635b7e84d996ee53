package dev.spotshift.analyzer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A fixed-window limit on plan submissions, announced with the IETF {@code RateLimit-Policy} and
 * {@code RateLimit} headers. Plans are few and each may start a migration; a burst is a script gone
 * wrong, so the limit is per service, not per client.
 */
@ApplicationScoped
public class RateLimit {

    public record Decision(boolean allowed, long remaining, long resetSeconds) {}

    private final Clock clock;
    private final int quota;
    private final Duration window;
    private long windowStart = Long.MIN_VALUE;
    private long used;

    public RateLimit(Clock clock, @ConfigProperty(name = "spotshift.analyzer.rate-limit.requests", defaultValue = "60") int quota,
                     @ConfigProperty(name = "spotshift.analyzer.rate-limit.window", defaultValue = "PT1M") Duration window) {
        this.clock = clock;
        this.quota = quota;
        this.window = window;
    }

    public synchronized Decision take() {
        long now = clock.millis();
        if (windowStart == Long.MIN_VALUE || now - windowStart >= window.toMillis()) {
            windowStart = now;
            used = 0;
        }
        long reset = Math.max(0, (windowStart + window.toMillis() - now + 999) / 1000);
        if (used >= quota) {
            return new Decision(false, 0, reset);
        }
        used++;
        return new Decision(true, quota - used, reset);
    }

    public Response.ResponseBuilder headers(Response.ResponseBuilder r, Decision d) {
        return r.header("RateLimit-Policy", "\"submissions\";q=" + quota + ";w=" + window.toSeconds())
                .header("RateLimit", "\"submissions\";r=" + d.remaining() + ";t=" + d.resetSeconds());
    }
}
