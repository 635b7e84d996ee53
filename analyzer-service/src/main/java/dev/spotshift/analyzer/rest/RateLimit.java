package dev.spotshift.analyzer.rest;
import dev.spotshift.analyzer.config.AnalyzerConfig;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A fixed-window limit on plan submissions per caller (its authenticated principal, else its
 * address), announced with the IETF {@code RateLimit-Policy} and {@code RateLimit} headers
 * (draft-ietf-httpapi-ratelimit-headers). Plans are few and each may start a migration, so a burst
 * is a script gone wrong; one caller's burst must not spend everyone else's quota.
 */
@ApplicationScoped
public class RateLimit {

    public record Decision(boolean allowed, long remaining, long resetSeconds) {}

    /**
     * Callers tracked at once. Past it, new callers share one bucket: a flood of addresses can then
     * only slow itself and other newcomers, never reset the windows of callers already tracked.
     */
    static final int MAX_CALLERS = 10_000;
    static final String OVERFLOW = "(many callers)";

    private static final class Window {
        long start;
        long used;
    }

    private final Clock clock;
    private final int quota;
    private final Duration window;
    private final Map<String, Window> windows = new HashMap<>();

    @jakarta.inject.Inject
    public RateLimit(Clock clock, AnalyzerConfig config) {
        this(clock, config.rateLimit().requests(), config.rateLimit().window());
    }

    public RateLimit(Clock clock, int quota, Duration window) {
        this.clock = clock;
        this.quota = quota;
        this.window = window;
    }

    /** Spends one of the caller's submissions in the current window, if any is left. */
    public synchronized Decision take(String caller) {
        long now = clock.millis();
        long length = window.toMillis();
        Window w = windows.get(caller);
        if (w == null) {
            if (windows.size() >= MAX_CALLERS) {
                windows.values().removeIf(old -> now - old.start >= length);
            }
            String key = windows.size() >= MAX_CALLERS ? OVERFLOW : caller;
            w = windows.computeIfAbsent(key, k -> {
                Window fresh = new Window();
                fresh.start = now;
                return fresh;
            });
        }
        if (now - w.start >= length) {
            w.start = now;
            w.used = 0;
        }
        long reset = Math.max(0, (w.start + length - now + 999) / 1000);
        if (w.used >= quota) {
            return new Decision(false, 0, reset);
        }
        w.used++;
        return new Decision(true, quota - w.used, reset);
    }

    public Response.ResponseBuilder headers(Response.ResponseBuilder r, Decision d) {
        return r.header("RateLimit-Policy", "\"submissions\";q=" + quota + ";w=" + window.toSeconds())
                .header("RateLimit", "\"submissions\";r=" + d.remaining() + ";t=" + d.resetSeconds());
    }
}
