package dev.spotshift.executor.domain;

/**
 * The plan's market criteria the executor keeps applying after approval: when a pool storms, and when the market
 * is healthy enough to return to spot after a fallback.
 */
public record SpotRules(double maxInterruptionRatePercent, double maxPriceVariationPercent, long priceLookbackMillis,
                        long returnToSpotHoldMillis, Long maxPriceMicros, Double maxPriceFractionOfOnDemand,
                        Double minCostEfficiencyPercent, Boolean returnAfterRollback) {

    /** A plan that did not say: it returns to spot by itself once a rollback's trigger has cleared (the default). */
    public SpotRules(double maxInterruptionRatePercent, double maxPriceVariationPercent, long priceLookbackMillis,
                     long returnToSpotHoldMillis, Long maxPriceMicros, Double maxPriceFractionOfOnDemand,
                     Double minCostEfficiencyPercent) {
        this(maxInterruptionRatePercent, maxPriceVariationPercent, priceLookbackMillis, returnToSpotHoldMillis,
                maxPriceMicros, maxPriceFractionOfOnDemand, minCostEfficiencyPercent, null);
    }

    /** Whether a monitor rollback may return to spot by itself (null, in states stored before the opt-out: yes). */
    public boolean returnsAfterRollback() {
        return returnAfterRollback == null || returnAfterRollback;
    }

    /** Without the plan's cost efficiency (a state stored before it was kept): the contract's default, 40 %. */
    public SpotRules(double maxInterruptionRatePercent, double maxPriceVariationPercent, long priceLookbackMillis,
                     long returnToSpotHoldMillis, Long maxPriceMicros, Double maxPriceFractionOfOnDemand) {
        this(maxInterruptionRatePercent, maxPriceVariationPercent, priceLookbackMillis, returnToSpotHoldMillis,
                maxPriceMicros, maxPriceFractionOfOnDemand, null);
    }

    /**
     * The spot price, as a share of on-demand, under which a price rollback's condition has cleared: the monitor
     * steps back when spot delivers less than the plan's cost efficiency (spot above 1 - efficiency of on-demand),
     * and the plan's own price cap, when it sets one as a share, bounds it too.
     */
    public double returnPriceFraction() {
        double efficiency = minCostEfficiencyPercent == null ? 40.0 : minCostEfficiencyPercent;
        double fraction = 1.0 - efficiency / 100.0;
        return maxPriceFractionOfOnDemand == null ? fraction : Math.min(fraction, maxPriceFractionOfOnDemand);
    }

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
