package dev.spotshift.analyzer.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");

    @Test
    void twoCallersHaveSeparateBudgets() {
        // Given a limit of 2 a minute
        RateLimit limit = new RateLimit(Clock.fixed(T0, ZoneOffset.UTC), 2, Duration.ofMinutes(1));

        // When one caller spends its budget
        limit.take("address:10.0.0.1");
        limit.take("address:10.0.0.1");

        // Then it is refused with the time to wait, and another caller is not
        RateLimit.Decision spent = limit.take("address:10.0.0.1");
        assertThat(spent.allowed()).isFalse();
        assertThat(spent.resetSeconds()).isEqualTo(60);
        RateLimit.Decision other = limit.take("principal:alice");
        assertThat(other.allowed()).isTrue();
        assertThat(other.remaining()).isEqualTo(1);
    }

    @Test
    void aCallersBudgetComesBackWithTheNextWindow() {
        MutableClock clock = new MutableClock();
        RateLimit limit = new RateLimit(clock, 1, Duration.ofMinutes(1));
        limit.take("a");
        assertThat(limit.take("a").allowed()).isFalse();

        clock.now = T0.plusSeconds(61);

        assertThat(limit.take("a").allowed()).isTrue();
    }

    @Test
    void pastTheTrackedCallersNewcomersShareOneBucketAndNobodysWindowIsReset() {
        RateLimit limit = new RateLimit(Clock.fixed(T0, ZoneOffset.UTC), 1, Duration.ofMinutes(1));
        limit.take("first");
        for (int i = 1; i < RateLimit.MAX_CALLERS; i++) {
            limit.take("flood-" + i);
        }

        assertThat(limit.take("newcomer-1").allowed()).isTrue();
        assertThat(limit.take("newcomer-2").allowed()).isFalse();
        assertThat(limit.take("first").allowed()).isFalse();
    }

    static final class MutableClock extends Clock {
        Instant now = T0;

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
