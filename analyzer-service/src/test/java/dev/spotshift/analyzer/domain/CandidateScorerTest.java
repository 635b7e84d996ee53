package dev.spotshift.analyzer.domain;

import static dev.spotshift.analyzer.domain.Markets.NOW;
import static dev.spotshift.analyzer.domain.Markets.flat;
import static dev.spotshift.analyzer.domain.Markets.hourly;
import static dev.spotshift.analyzer.domain.Markets.market;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.cloud.InterruptionFrequency;
import dev.spotshift.events.CandidateScore;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.Reason;
import dev.spotshift.events.RiskLevel;
import java.util.List;
import org.junit.jupiter.api.Test;

class CandidateScorerTest {

    final MigrationPlan plan = Plans.demo(); // 0.7 x on-demand, seed market criteria

    CandidateScore score(TypeMarket m) {
        return CandidateScorer.score(m, List.of(), plan.getSpot(), plan.getMarket(), NOW);
    }

    @Test
    void aStableCheapPoolWithLowInterruptionsIsEligibleAndLowRisk() {
        // Given on-demand $0.096, spot $0.035 flat in two zones
        var history = new java.util.ArrayList<>(hourly("m5.large", "us-east-1a", flat(35_000, 24)));
        history.addAll(hourly("m5.large", "us-east-1b", flat(36_000, 24)));

        CandidateScore c = score(market("m5.large", 96_000, InterruptionFrequency.UNDER_5, 9, history));

        assertThat(c.getEligible()).isTrue();
        assertThat(c.getSavingsPercent()).isEqualTo(63.54);
        assertThat(c.getSpotPriceMicros()).isEqualTo(35_000);
        assertThat(c.getPoolCount()).isEqualTo(2);
        assertThat(c.getAvailabilityZones()).containsExactly("us-east-1a", "us-east-1b");
        assertThat(c.getRisk()).isEqualTo(RiskLevel.LOW);
        assertThat(c.getScore()).isBetween(80.0, 100.0);
        assertThat(c.getReasons()).isEmpty();
    }

    @Test
    void aPoolThatSwungMoreThanTwentyPercentInADayIsRejectedForVariation() {
        // Given a price swinging between $0.030 and $0.045 (variation about 40 %)
        long[] swing = new long[24];
        for (int i = 0; i < 24; i++) {
            swing[i] = i % 2 == 0 ? 30_000 : 45_000;
        }

        CandidateScore c = score(market("m5.large", 96_000, InterruptionFrequency.UNDER_5, 9, hourly("m5.large", "us-east-1a", swing)));

        assertThat(c.getEligible()).isFalse();
        assertThat(c.getPriceVariationPercent()).isGreaterThan(20.0);
        assertThat(c.getRisk()).isEqualTo(RiskLevel.HIGH);
        assertThat(c.getReasons()).extracting(Reason::getCode).containsExactly("PRICE_VARIATION_TOO_HIGH");
    }

    @Test
    void everyFailedCriterionIsListedNotTheFirstOnly() {
        // Given spot at 0.9 x on-demand, interrupted 10-15 %, placement 2
        CandidateScore c = score(market("m5n.large", 100_000, InterruptionFrequency.FROM_10_TO_15, 2,
                hourly("m5n.large", "us-east-1a", flat(90_000, 24))));

        assertThat(c.getReasons()).extracting(Reason::getCode).containsExactly(
                "ABOVE_MAX_PRICE", "INTERRUPTION_RATE_TOO_HIGH", "SAVINGS_TOO_LOW", "PLACEMENT_SCORE_TOO_LOW");
    }

    @Test
    void onlyPreferredZonesCount() {
        var history = hourly("m5.large", "us-east-1f", flat(35_000, 24));

        CandidateScore c = CandidateScorer.score(market("m5.large", 96_000, InterruptionFrequency.UNDER_5, 9, history),
                List.of("us-east-1a"), plan.getSpot(), plan.getMarket(), NOW);

        assertThat(c.getEligible()).isFalse();
        assertThat(c.getReasons()).extracting(Reason::getCode).containsExactly("NO_PRICE_HISTORY");
    }

    @Test
    void anAbsoluteCapIsAFilterOnTheCurrentPrice() {
        plan.getSpot().setMaxPriceFractionOfOnDemand(null);
        plan.getSpot().setMaxPriceMicros(30_000L);

        CandidateScore c = score(market("m5.large", 96_000, InterruptionFrequency.UNDER_5, 9, hourly("m5.large", "us-east-1a", flat(35_000, 24))));

        assertThat(c.getReasons()).extracting(Reason::getCode).containsExactly("ABOVE_MAX_PRICE");
    }

    @Test
    void aTypeTheMarketDoesNotKnowIsIneligibleWithAReason() {
        assertThat(score(TypeMarket.unknown("zz9.huge")).getReasons()).extracting(Reason::getCode).containsExactly("UNKNOWN_INSTANCE_TYPE");
    }
}
