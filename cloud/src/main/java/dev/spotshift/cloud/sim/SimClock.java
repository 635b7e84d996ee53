package dev.spotshift.cloud.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock tests and scenarios move by hand; time never goes backwards. */
public final class SimClock extends Clock {

    private final AtomicReference<Instant> now;

    public SimClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    public Instant advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("time does not go backwards: " + by);
        }
        return now.updateAndGet(t -> t.plus(by));
    }

    public void set(Instant to) {
        now.updateAndGet(t -> {
            if (to.isBefore(t)) {
                throw new IllegalArgumentException("time does not go backwards: " + to + " < " + t);
            }
            return to;
        });
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the simulated clock is UTC only");
    }
}
