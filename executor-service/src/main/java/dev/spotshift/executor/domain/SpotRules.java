package dev.spotshift.executor.domain;

/**
 * The plan's market criteria the executor keeps applying after approval: when a pool storms, and when the market
 * is healthy enough to return to spot after a fallback.
 */
public record SpotRules(double maxInterruptionRatePercent, double maxPriceVariationPercent, long priceLookbackMillis,
                        long returnToSpotHoldMillis, Long maxPriceMicros, Double maxPriceFractionOfOnDemand) {

    /** Without a spot price cap: spot may cost up to the on-demand price (AWS's default). */
    public SpotRules(double maxInterruptionRatePercent, double maxPriceVariationPercent, long priceLookbackMillis,
                     long returnToSpotHoldMillis) {
        this(maxInterruptionRatePercent, maxPriceVariationPercent, priceLookbackMillis, returnToSpotHoldMillis, null,
                null);
    }

    /** The contract's defaults (MarketCriteria, RolloutConfig.returnToSpotHoldMillis). */
    public static SpotRules defaults() {
        return new SpotRules(5.0, 20.0, 86_400_000, 900_000);
    }
}
