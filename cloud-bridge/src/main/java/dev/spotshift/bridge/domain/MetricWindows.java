package dev.spotshift.bridge.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which interval each plan's next sample covers: intervals aligned on multiples of {@code interval}, the latest
 * one that ended at least {@code settle} ago (CloudWatch takes a while to aggregate a period), each sampled once.
 * A sample lost to a failure is not tried again for an older interval: the monitor's windows want recent samples.
 */
public final class MetricWindows {

    public record Window(Instant from, Instant to) {
        public Duration length() {
            return Duration.between(from, to);
        }
    }

    private final Duration interval;
    private final Duration settle;
    private final Map<String, Instant> lastSampled = new ConcurrentHashMap<>();

    public MetricWindows(Duration interval, Duration settle) {
        if (interval.toMillis() < 1000) {
            throw new IllegalArgumentException("interval must be at least one second: " + interval);
        }
        if (settle.isNegative()) {
            throw new IllegalArgumentException("settle must not be negative: " + settle);
        }
        this.interval = interval;
        this.settle = settle;
    }

    /** The interval to sample for the plan now, unless it was sampled already. */
    public Optional<Window> due(String planId, Instant now) {
        long step = interval.toMillis();
        long end = Math.floorDiv(now.minus(settle).toEpochMilli(), step) * step;
        Instant to = Instant.ofEpochMilli(end);
        Instant last = lastSampled.get(planId);
        if (last != null && !to.isAfter(last)) {
            return Optional.empty();
        }
        return Optional.of(new Window(to.minus(interval), to));
    }

    /** The interval was handled (published, or skipped for a reason that will not change). */
    public void done(String planId, Window window) {
        lastSampled.merge(planId, window.to(), (a, b) -> a.isAfter(b) ? a : b);
    }

    /** The plan is no longer live. */
    public void forget(String planId) {
        lastSampled.remove(planId);
    }
}
