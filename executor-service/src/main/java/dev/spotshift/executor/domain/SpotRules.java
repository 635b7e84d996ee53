package dev.spotshift.executor.domain;

/**
 * The plan's market criteria the executor keeps applying after approval: when a pool storms, and when the market
 * is healthy enough to return to spot after a fallback.
 */
public record SpotRules(double maxInterruptionRatePercent, double maxPriceVariationPercent, long priceLookbackMillis,
                        long returnToSpotHoldMillis) {

    /** The contract's defaults (MarketCriteria, RolloutConfig.returnToSpotHoldMillis). */
    public static SpotRules defaults() {
        return new SpotRules(5.0, 20.0, 86_400_000, 900_000);
    }
}
