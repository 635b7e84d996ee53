package dev.spotshift.cloud.sim;

import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.Lifecycle;
import dev.spotshift.cloud.SpotShare;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where the simulated cloud puts a new instance: which type and zone, honouring storms and shortages. */
final class Placement {

    record Pool(String type, String zone) {
    }

    private final long seed;
    private final SimulatedMarket market;
    private final Injections injections;

    Placement(long seed, SimulatedMarket market, Injections injections) {
        this.seed = seed;
        this.market = market;
        this.injections = injections;
    }

    /**
     * Spreads over zones first (fewest instances of the group), as Auto Scaling balances zones; inside that, spot
     * follows the allocation strategy and on-demand the type priority order. Empty when no pool has capacity.
     */
    Optional<Pool> choose(String region, List<String> types, String zoneOrNull, Lifecycle lifecycle, String strategy,
                          Map<String, Long> perZone, Instant now) {
        List<String> zones = zoneOrNull != null ? List.of(zoneOrNull) : Catalog.zones("ec2:RunInstances", region);
        Comparator<Pool> order = Comparator.comparingLong(p -> perZone.getOrDefault(p.zone(), 0L));
        if (lifecycle == Lifecycle.ON_DEMAND) {
            order = order.thenComparingInt(p -> types.indexOf(p.type()));
        } else if (SpotShare.CAPACITY_OPTIMIZED.equals(strategy)) {
            order = order.thenComparingDouble(p -> -Hashing.unit(seed, "capacity", region, p.type(), p.zone()));
        } else {
            order = order.thenComparingLong(p -> market.priceAt(region, p.type(), p.zone(), now));
        }
        order = order.thenComparing(Pool::zone).thenComparing(Pool::type);
        return types.stream()
                .peek(t -> Catalog.onDemandMicros("ec2:RunInstances", region, t))
                .flatMap(t -> zones.stream().map(z -> new Pool(t, z)))
                .filter(p -> lifecycle == Lifecycle.ON_DEMAND
                        ? !injections.shortageAt(region, p.type(), p.zone(), now)
                        : !injections.stormAt(region, p.type(), p.zone(), now))
                .min(order);
    }

    static CloudException noCapacity(String region, List<String> types, String zone, Lifecycle lifecycle) {
        return new CloudException("ec2:RunInstances", CloudException.Kind.INSUFFICIENT_CAPACITY,
                "no " + lifecycle + " capacity for " + types + " in " + (zone == null ? region : zone));
    }
}
