package dev.spotshift.cloud.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.InterruptionFrequency;
import dev.spotshift.cloud.PlacementScore;
import dev.spotshift.cloud.SpotPricePoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.LongSummaryStatistics;
import org.junit.jupiter.api.Test;

class SimulatedMarketTest {

    private static final Instant START = Instant.parse("2025-03-01T00:00:00Z");
    private static final List<String> M5 = List.of("m5.large", "m5a.large", "m5n.large");

    private static SimulatedCloud cloud(long seed) {
        return new SimulatedCloud(seed, new SimClock(START));
    }

    @Test
    void returnsSamePriceHistoryForSameSeed() {
        // Given two worlds built from the same seed
        SimulatedCloud a = cloud(7);
        SimulatedCloud b = cloud(7);
        // When both are asked for the same day
        List<SpotPricePoint> first = a.market().spotPriceHistory("us-east-1", M5, START.minus(Duration.ofDays(1)), START);
        List<SpotPricePoint> second = b.market().spotPriceHistory("us-east-1", M5, START.minus(Duration.ofDays(1)), START);
        // Then the histories are identical, one point per pool and hour
        assertThat(first).isEqualTo(second).hasSize(3 * 5 * 25);
    }

    @Test
    void returnsDifferentPriceHistoryForDifferentSeed() {
        List<SpotPricePoint> seven = cloud(7).market().spotPriceHistory("us-east-1", M5, START.minus(Duration.ofDays(1)), START);
        List<SpotPricePoint> eight = cloud(8).market().spotPriceHistory("us-east-1", M5, START.minus(Duration.ofDays(1)), START);
        assertThat(seven).isNotEqualTo(eight);
    }

    @Test
    void keepsSpotAtAThirdOfOnDemandWithLowDailyVariation() {
        // Given the default volatility
        SimulatedCloud cloud = cloud(42);
        long onDemand = cloud.market().onDemandPriceMicros("us-east-2", "c5.xlarge");
        // When a day of one pool is read
        LongSummaryStatistics day = cloud.market()
                .spotPriceHistory("us-east-2", List.of("c5.xlarge"), START.minus(Duration.ofDays(1)), START).stream()
                .filter(p -> p.availabilityZone().equals("us-east-2a")).mapToLong(SpotPricePoint::priceMicros)
                .summaryStatistics();
        // Then spot sits at 29-42 % of on-demand and moves less than the analyzer's 20 % limit
        assertThat(onDemand).isEqualTo(170_000L);
        assertThat(day.getMin()).isGreaterThanOrEqualTo(onDemand * 29 / 100);
        assertThat(day.getMax()).isLessThanOrEqualTo(onDemand * 42 / 100);
        assertThat((day.getMax() - day.getMin()) / (double) day.getMin()).isLessThan(0.20);
    }

    @Test
    void raisesPriceOnlyInTheSpikedPoolAndWindow() {
        // Given a 2.5x spike on m5.large in us-east-1a for the hour after START
        SimulatedCloud cloud = cloud(42);
        SimulatedCloud calm = cloud(42);
        cloud.priceSpike("us-east-1", "m5.large", "us-east-1a", 2.5, START, START.plus(Duration.ofHours(1)));
        SimulatedMarket market = cloud.market();
        // Then the pool costs 2.5x inside the window, and nothing else changes
        assertThat(market.priceAt("us-east-1", "m5.large", "us-east-1a", START.plusSeconds(60)))
                .isCloseTo(Math.round(calm.market().priceAt("us-east-1", "m5.large", "us-east-1a", START.plusSeconds(60)) * 2.5),
                        org.assertj.core.data.Offset.offset(2L));
        assertThat(market.priceAt("us-east-1", "m5.large", "us-east-1b", START))
                .isEqualTo(calm.market().priceAt("us-east-1", "m5.large", "us-east-1b", START));
        assertThat(market.priceAt("us-east-1", "m5.large", "us-east-1a", START.plus(Duration.ofHours(1))))
                .isEqualTo(calm.market().priceAt("us-east-1", "m5.large", "us-east-1a", START.plus(Duration.ofHours(1))));
    }

    @Test
    void capsASpikedSpotPriceAtOnDemand() {
        SimulatedCloud cloud = cloud(42);
        cloud.priceSpike("us-east-1", "r5.large", null, 10.0, START, START.plus(Duration.ofHours(1)));
        assertThat(cloud.market().priceAt("us-east-1", "r5.large", "us-east-1c", START)).isEqualTo(126_000L);
    }

    @Test
    void rejectsUnknownInstanceTypeNamingIt() {
        assertThatThrownBy(() -> cloud(1).market().onDemandPriceMicros("us-east-1", "x9.huge"))
                .isInstanceOf(CloudException.class).hasMessageContaining("x9.huge")
                .extracting(e -> ((CloudException) e).kind()).isEqualTo(CloudException.Kind.NOT_FOUND);
        assertThatThrownBy(() -> cloud(1).market().spotPriceHistory("eu-west-9", M5, START, START))
                .isInstanceOf(CloudException.class).hasMessageContaining("eu-west-9");
    }

    @Test
    void reportsAStormAsOverTwentyPercentAndLowersThatZonesPlacementScore() {
        // Given a storm on m5.large in us-east-1a, starting now
        SimulatedCloud cloud = cloud(42);
        List<PlacementScore> before = cloud.market().placementScores("us-east-1", List.of("m5.large"), 2);
        cloud.interruptionStorm("us-east-1", "m5.large", "us-east-1a", START, START.plus(Duration.ofHours(1)));
        // When the advisor band and the placement scores are read
        InterruptionFrequency band = cloud.market().interruptionFrequency("us-east-1", "m5.large");
        List<PlacementScore> during = cloud.market().placementScores("us-east-1", List.of("m5.large"), 2);
        // Then the band is the worst and the stormy zone scores 1 while the others keep theirs
        assertThat(band).isEqualTo(InterruptionFrequency.OVER_20);
        assertThat(during).filteredOn(s -> "us-east-1a".equals(s.availabilityZone()))
                .singleElement().extracting(PlacementScore::score).isEqualTo(1);
        assertThat(during).filteredOn(s -> "us-east-1b".equals(s.availabilityZone())).isEqualTo(
                before.stream().filter(s -> "us-east-1b".equals(s.availabilityZone())).toList());
        assertThat(during.get(0).availabilityZone()).isNull();
    }

    @Test
    void givesTheSameAdvisorBandsForTheSameSeed() {
        List<String> types = List.of("m5.large", "m5a.large", "m5n.large", "c5.large", "c5a.large", "c5n.large", "r5.large");
        List<InterruptionFrequency> a = types.stream().map(t -> cloud(3).market().interruptionFrequency("us-east-1", t)).toList();
        List<InterruptionFrequency> b = types.stream().map(t -> cloud(3).market().interruptionFrequency("us-east-1", t)).toList();
        assertThat(a).isEqualTo(b);
    }
}
