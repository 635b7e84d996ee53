package dev.spotshift.analyzer.domain;

import static dev.spotshift.analyzer.domain.Markets.NOW;
import static dev.spotshift.analyzer.domain.Markets.hourly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolStatsTest {

    @Test
    void variationIsMaxMinusMinOverTheTimeWeightedMean() {
        // Given 12 h at $0.030 and 12 h at $0.036
        long[] prices = new long[24];
        for (int i = 0; i < 24; i++) {
            prices[i] = i < 12 ? 30_000 : 36_000;
        }

        // When
        List<PoolStats> stats = PoolStats.of(hourly("m5.large", "us-east-1a", prices), NOW.minus(Duration.ofHours(24)), NOW);

        // Then mean 0.033, variation 6000/33000
        assertThat(stats).singleElement().satisfies(s -> {
            assertThat(s.meanMicros()).isEqualTo(33_000);
            assertThat(s.currentMicros()).isEqualTo(36_000);
            assertThat(s.variationPercent()).isCloseTo(18.18, within(0.01));
        });
    }

    @Test
    void thePriceInEffectAtTheWindowStartCountsFromTheStartNotFromWhenItWasSet() {
        // Given a price set 3 days ago and never changed
        var history = List.of(new dev.spotshift.cloud.SpotPricePoint("m5.large", "us-east-1a", NOW.minus(Duration.ofDays(3)), 40_000));

        List<PoolStats> stats = PoolStats.of(history, NOW.minus(Duration.ofHours(24)), NOW);

        assertThat(stats).singleElement().satisfies(s -> {
            assertThat(s.meanMicros()).isEqualTo(40_000);
            assertThat(s.variationPercent()).isZero();
        });
    }

    @Test
    void eachZoneIsItsOwnPool() {
        var history = new java.util.ArrayList<>(hourly("m5.large", "us-east-1a", 30_000, 30_000));
        history.addAll(hourly("m5.large", "us-east-1b", 50_000, 60_000));

        assertThat(PoolStats.of(history, NOW.minus(Duration.ofHours(24)), NOW))
                .extracting(PoolStats::availabilityZone).containsExactly("us-east-1a", "us-east-1b");
    }
}
