package dev.spotshift.simulator;

import dev.spotshift.cloud.SpotMarket;
import dev.spotshift.cloud.sim.SimulatedMarket;
import dev.spotshift.simulator.domain.PriceBook;
import java.time.Instant;

/** Prices from the seeded simulated market: the same seed the services use gives the same prices. */
final class MarketPriceBook implements PriceBook {

    private final SimulatedMarket market;

    MarketPriceBook(SimulatedMarket market) {
        this.market = market;
    }

    @Override
    public long onDemandMicros(String region, String instanceType) {
        return market.onDemandPriceMicros(region, instanceType);
    }

    @Override
    public long spotMicros(String region, String instanceType, Iterable<String> zones, Instant at) {
        long best = Long.MAX_VALUE;
        for (String zone : zones) {
            best = Math.min(best, market.priceAt(region, instanceType, zone, at));
        }
        return best == Long.MAX_VALUE ? ((SpotMarket) market).onDemandPriceMicros(region, instanceType) : best;
    }
}
