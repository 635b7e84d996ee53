package dev.spotshift.cloud.sim;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The scenario's disturbances of the simulated world, each active in [from, until). A null zone means every zone. */
final class Injections {

    record PriceSpike(String region, String instanceType, String zone, double factor, Instant from, Instant until) {
    }

    record Storm(String region, String instanceType, String zone, Instant from, Instant until) {
    }

    record Shortage(String region, String instanceType, String zone, Instant from, Instant until) {
    }

    record Volatility(String region, String instanceType, String zone, double relative) {
    }

    final List<PriceSpike> spikes = new CopyOnWriteArrayList<>();
    final List<Storm> storms = new CopyOnWriteArrayList<>();
    final List<Shortage> shortages = new CopyOnWriteArrayList<>();
    final List<Volatility> volatilities = new CopyOnWriteArrayList<>();

    double spikeFactor(String region, String type, String zone, Instant at) {
        double factor = 1.0;
        for (PriceSpike s : spikes) {
            if (matches(s.region(), s.instanceType(), s.zone(), region, type, zone) && active(s.from(), s.until(), at)) {
                factor *= s.factor();
            }
        }
        return factor;
    }

    boolean stormAt(String region, String type, String zone, Instant at) {
        return storms.stream().anyMatch(s -> matches(s.region(), s.instanceType(), s.zone(), region, type, zone)
                && active(s.from(), s.until(), at));
    }

    /** Whether any storm is on at {@code at}, wherever it is. */
    boolean anyStormAt(Instant at) {
        return storms.stream().anyMatch(s -> active(s.from(), s.until(), at));
    }

    java.util.Optional<Storm> stormCovering(String region, String type, String zone, Instant at) {
        return storms.stream().filter(s -> matches(s.region(), s.instanceType(), s.zone(), region, type, zone)
                && active(s.from(), s.until(), at)).findFirst();
    }

    boolean stormInRegion(String region, String type, Instant at) {
        return storms.stream().anyMatch(s -> s.region().equals(region) && s.instanceType().equals(type)
                && active(s.from(), s.until(), at));
    }

    boolean shortageAt(String region, String type, String zone, Instant at) {
        return shortages.stream().anyMatch(s -> s.region().equals(region) && s.instanceType().equals(type)
                && (s.zone() == null || zone == null || s.zone().equals(zone)) && active(s.from(), s.until(), at));
    }

    /** The last matching override wins; the default keeps 24 h variation well under the analyzer's 20 %. */
    double volatility(String region, String type, String zone, double defaultRelative) {
        double v = defaultRelative;
        for (Volatility o : volatilities) {
            if (matches(o.region(), o.instanceType(), o.zone(), region, type, zone)) {
                v = o.relative();
            }
        }
        return v;
    }

    private static boolean matches(String r, String t, String z, String region, String type, String zone) {
        return r.equals(region) && t.equals(type) && (z == null || z.equals(zone));
    }

    private static boolean active(Instant from, Instant until, Instant at) {
        return !at.isBefore(from) && at.isBefore(until);
    }
}
