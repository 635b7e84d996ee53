package dev.spotshift.analyzer.domain;

import dev.spotshift.cloud.InterruptionFrequency;
import dev.spotshift.events.CandidateScore;
import dev.spotshift.events.InterruptionBand;
import dev.spotshift.events.MarketCriteria;
import dev.spotshift.events.Reason;
import dev.spotshift.events.RiskLevel;
import dev.spotshift.events.SpotConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Scores one candidate instance type against a plan's market criteria. A pool (zone) counts when
 * its price varied less than the plan allows and its current price is under the cap; the type is
 * judged on its cheapest such pool. The price cap filters pools, it is never a bid.
 */
public final class CandidateScorer {

    /** Hours in an average month, for monthly savings. */
    public static final double HOURS_PER_MONTH = 730.0;

    private CandidateScorer() {}

    /** A scored type and the mean spot price its savings rest on (for money amounts, unrounded). */
    public record Scored(CandidateScore candidate, long meanSpotMicros) {

        /** What one instance saves per hour against on-demand. */
        public long hourlySavingMicros() {
            return meanSpotMicros > 0 ? Math.max(0, candidate.getOnDemandPriceMicros() - meanSpotMicros) : 0;
        }
    }

    public static CandidateScore score(TypeMarket m, List<String> zonePreference, SpotConfig spot, MarketCriteria criteria,
                                       Instant now) {
        return scored(m, zonePreference, spot, criteria, now).candidate();
    }

    public static Scored scored(TypeMarket m, List<String> zonePreference, SpotConfig spot, MarketCriteria criteria,
                                       Instant now) {
        CandidateScore.Builder b = CandidateScore.newBuilder().setInstanceType(m.instanceType()).setAvailabilityZones(List.of())
                .setSpotPriceMicros(0).setOnDemandPriceMicros(0).setPriceVariationPercent(0)
                .setInterruptionBand(InterruptionBand.UNKNOWN_BAND).setInterruptionRatePercent(100).setSavingsPercent(0)
                .setPlacementScore(0).setPoolCount(0).setRisk(RiskLevel.HIGH).setScore(0).setEligible(false);
        String where = "spot.instanceTypes[" + m.instanceType() + "]";
        if (!m.known()) {
            return new Scored(b.setReasons(List.of(reason("UNKNOWN_INSTANCE_TYPE", "the market has no prices for " + m.instanceType(), where))).build(), 0);
        }
        long od = m.onDemandPriceMicros();
        Instant from = now.minusMillis(criteria.getPriceLookbackMillis());
        List<PoolStats> pools = PoolStats.of(m.priceHistory(), from, now).stream()
                .filter(p -> zonePreference.isEmpty() || zonePreference.contains(p.availabilityZone()))
                .toList();
        long cap = capMicros(spot, od);
        List<PoolStats> usable = pools.stream()
                .filter(p -> p.variationPercent() < criteria.getMaxPriceVariationPercent() && p.currentMicros() <= cap)
                .sorted(Comparator.comparingLong(PoolStats::meanMicros).thenComparing(PoolStats::availabilityZone))
                .toList();
        PoolStats judged = !usable.isEmpty() ? usable.get(0)
                : pools.stream().min(Comparator.comparingLong(PoolStats::currentMicros)).orElse(null);

        List<Reason> reasons = new ArrayList<>();
        InterruptionFrequency band = m.interruption();
        int placement = m.bestPlacementScore();
        b.setOnDemandPriceMicros(od).setInterruptionBand(InterruptionBand.valueOf(band.name()))
                .setInterruptionRatePercent(band.upperBoundPercent()).setPlacementScore(placement)
                .setPoolCount(usable.size()).setAvailabilityZones(usable.stream().map(PoolStats::availabilityZone).toList());
        if (judged == null) {
            reasons.add(reason("NO_PRICE_HISTORY", "no spot price for " + m.instanceType() + " in the preferred zones over the lookback", where));
            return new Scored(b.setReasons(reasons).build(), 0);
        }
        double savings = od == 0 ? 0 : (od - judged.meanMicros()) * 100.0 / od;
        b.setSpotPriceMicros(judged.currentMicros()).setPriceVariationPercent(round(judged.variationPercent()))
                .setSavingsPercent(round(savings));

        if (judged.variationPercent() >= criteria.getMaxPriceVariationPercent()) {
            reasons.add(reason("PRICE_VARIATION_TOO_HIGH", String.format("price of %s varied %.1f %% over the lookback; the plan allows < %.1f %%",
                    m.instanceType(), judged.variationPercent(), criteria.getMaxPriceVariationPercent()), "market.maxPriceVariationPercent"));
        }
        if (judged.currentMicros() > cap) {
            reasons.add(reason("ABOVE_MAX_PRICE", String.format("%s costs %s/h on spot, above the plan's cap of %s/h",
                    m.instanceType(), usd(judged.currentMicros()), usd(cap)), "spot.maxPrice"));
        }
        if (band.upperBoundPercent() > criteria.getMaxInterruptionRatePercent()) {
            reasons.add(reason("INTERRUPTION_RATE_TOO_HIGH", String.format("%s is interrupted up to %.0f %% of the time; the plan allows < %.1f %%",
                    m.instanceType(), band.upperBoundPercent(), criteria.getMaxInterruptionRatePercent()), "market.maxInterruptionRatePercent"));
        }
        if (savings < criteria.getMinSavingsPercent()) {
            reasons.add(reason("SAVINGS_TOO_LOW", String.format("%s saves %.1f %% against on-demand; the plan wants at least %.1f %%",
                    m.instanceType(), savings, criteria.getMinSavingsPercent()), "market.minSavingsPercent"));
        }
        if (placement < criteria.getMinPlacementScore()) {
            reasons.add(reason("PLACEMENT_SCORE_TOO_LOW", String.format("placement score of %s is %d; the plan wants at least %d",
                    m.instanceType(), placement, criteria.getMinPlacementScore()), "market.minPlacementScore"));
        }
        boolean eligible = reasons.isEmpty();
        return new Scored(b.setEligible(eligible).setReasons(reasons)
                .setRisk(risk(band, judged.variationPercent(), criteria, placement, usable.size()))
                .setScore(round(points(savings, judged.variationPercent(), criteria, band, placement, usable.size())))
                .build(), judged.meanMicros());
    }

    /** The cap in micro-USD per hour: the plan's absolute cap, its fraction of on-demand, or on-demand itself. */
    static long capMicros(SpotConfig spot, long onDemandMicros) {
        if (spot.getMaxPriceMicros() != null) {
            return spot.getMaxPriceMicros();
        }
        if (spot.getMaxPriceFractionOfOnDemand() != null) {
            return Math.round(onDemandMicros * spot.getMaxPriceFractionOfOnDemand());
        }
        return onDemandMicros;
    }

    /**
     * 0..100: savings weigh most (40), then price stability (25), interruption band (20),
     * placement (10) and having more than one pool to fall back on (5).
     */
    static double points(double savings, double variation, MarketCriteria c, InterruptionFrequency band, int placement, int pools) {
        double s = 40 * clamp(savings / 90.0);
        double stability = 25 * clamp(1 - variation / c.getMaxPriceVariationPercent());
        double interruption = switch (band) {
            case UNDER_5 -> 20;
            case FROM_5_TO_10 -> 12;
            case FROM_10_TO_15 -> 6;
            default -> 0;
        };
        double place = 10 * clamp(placement / 10.0);
        double spread = 5 * clamp(pools / 3.0);
        return s + stability + interruption + place + spread;
    }

    static RiskLevel risk(InterruptionFrequency band, double variation, MarketCriteria c, int placement, int pools) {
        if (band.upperBoundPercent() > c.getMaxInterruptionRatePercent() || variation >= c.getMaxPriceVariationPercent()
                || placement < c.getMinPlacementScore() || pools == 0) {
            return RiskLevel.HIGH;
        }
        if (band == InterruptionFrequency.UNDER_5 && variation < c.getMaxPriceVariationPercent() / 2 && placement >= 7 && pools >= 2) {
            return RiskLevel.LOW;
        }
        return RiskLevel.MEDIUM;
    }

    static Reason reason(String code, String message, String location) {
        return Reason.newBuilder().setCode(code).setMessage(message).setLocation(location).build();
    }

    static String usd(long micros) {
        return String.format("$%.4f", micros / 1_000_000.0);
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
