package dev.spotshift.cloud.sim;

import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.InterruptionFrequency;
import dev.spotshift.cloud.PlacementScore;
import dev.spotshift.cloud.SpotMarket;
import dev.spotshift.cloud.SpotPricePoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A seeded spot market. Each pool (type x zone) has a base discount drawn once from the seed (spot at 30-40 % of
 * on-demand) and a price that changes on the hour by up to +-volatility, like real spot prices that move a few
 * times a day. Prices are pure functions of (seed, pool, hour): the same seed gives the same history.
 */
public final class SimulatedMarket implements SpotMarket {

    static final double DEFAULT_VOLATILITY = 0.03;
    private static final Duration STEP = Duration.ofHours(1);
    /** Hours in a month, to turn the advisor's monthly percentages into hourly chances. */
    static final double HOURS_PER_MONTH = 730.0;

    private final long seed;
    private final Clock clock;
    private final Injections injections;

    /** The region's spot room for the types (the fleet's spot limits); no bound until a fleet is attached. */
    private volatile java.util.function.BiFunction<String, List<String>, Long> spotRoom = (r, t) -> Long.MAX_VALUE;

    void spotRoom(java.util.function.BiFunction<String, List<String>, Long> room) {
        this.spotRoom = room;
    }

    SimulatedMarket(long seed, Clock clock, Injections injections) {
        this.seed = seed;
        this.clock = clock;
        this.injections = injections;
    }

    @Override
    public List<SpotPricePoint> spotPriceHistory(String region, List<String> instanceTypes, Instant from, Instant to) {
        String op = "ec2:DescribeSpotPriceHistory";
        if (to.isBefore(from)) {
            throw new CloudException(op, CloudException.Kind.INVALID_REQUEST, "'to' " + to + " is before 'from' " + from);
        }
        List<String> zones = Catalog.zones(op, region);
        List<SpotPricePoint> points = new ArrayList<>();
        for (String type : instanceTypes) {
            Catalog.onDemandMicros(op, region, type);
            for (String zone : zones) {
                // AWS includes the price in effect at 'from', so start at the hour that contains it.
                for (Instant at = from.truncatedTo(ChronoUnit.HOURS); !at.isAfter(to); at = at.plus(STEP)) {
                    points.add(new SpotPricePoint(type, zone, at, priceAt(region, type, zone, at)));
                }
            }
        }
        points.sort(Comparator.comparing(SpotPricePoint::at).thenComparing(SpotPricePoint::instanceType)
                .thenComparing(SpotPricePoint::availabilityZone));
        return points;
    }

    /** The spot price of a pool at an instant (micro-USD per hour). */
    public long priceAt(String region, String type, String zone, Instant at) {
        long onDemand = Catalog.onDemandMicros("ec2:DescribeSpotPriceHistory", region, type);
        double base = 0.30 + 0.10 * Hashing.unit(seed, "base", region, type, zone);
        long hour = Math.floorDiv(at.getEpochSecond(), STEP.getSeconds());
        double volatility = injections.volatility(region, type, zone, DEFAULT_VOLATILITY);
        double wiggle = 1.0 + volatility * (2.0 * Hashing.unit(seed, "price", region, type, zone, hour) - 1.0);
        double spike = injections.spikeFactor(region, type, zone, at);
        // A spike cannot push spot above on-demand: AWS caps the spot price there.
        return Math.min(onDemand, Math.round(onDemand * base * wiggle * spike));
    }

    @Override
    public long onDemandPriceMicros(String region, String instanceType) {
        return Catalog.onDemandMicros("pricing:GetProducts", region, instanceType);
    }

    @Override
    public InterruptionFrequency interruptionFrequency(String region, String instanceType) {
        return InterruptionFrequency.ofPercent(monthlyInterruptionPercent(region, instanceType));
    }

    /** Most pools of these families sit under 5 %, some at 5-15 %, a few higher; a storm reads as over 20 %. */
    double monthlyInterruptionPercent(String region, String instanceType) {
        Catalog.onDemandMicros("spot-advisor:InterruptionFrequency", region, instanceType);
        if (injections.stormInRegion(region, instanceType, clock.instant())) {
            return 25.0;
        }
        double u = Hashing.unit(seed, "interruptions", region, instanceType);
        if (u < 0.6) {
            return 1.0 + 3.9 * (u / 0.6);
        }
        if (u < 0.85) {
            return 5.0 + 9.9 * ((u - 0.6) / 0.25);
        }
        return 15.0 + 10.0 * ((u - 0.85) / 0.15);
    }

    @Override
    public List<PlacementScore> placementScores(String region, List<String> instanceTypes, int targetCapacity) {
        String op = "ec2:GetSpotPlacementScores";
        if (targetCapacity < 1) {
            throw new CloudException(op, CloudException.Kind.INVALID_REQUEST, "targetCapacity must be >= 1");
        }
        List<String> zones = Catalog.zones(op, region);
        instanceTypes.forEach(t -> Catalog.onDemandMicros(op, region, t));
        Instant now = clock.instant();
        List<PlacementScore> scores = new ArrayList<>();
        int regionPools = 0;
        for (String zone : zones) {
            int healthyTypes = (int) instanceTypes.stream()
                    .filter(t -> !injections.stormAt(region, t, zone, now)).count();
            regionPools += healthyTypes;
            scores.add(new PlacementScore(region, zone, score(healthyTypes, targetCapacity,
                    Hashing.unit(seed, "placement", region, zone, String.join(",", instanceTypes)))));
        }
        // The region-wide score first: more healthy pools across zones make large requests likelier to succeed.
        scores.add(0, new PlacementScore(region, null, score(regionPools, targetCapacity,
                Hashing.unit(seed, "placement", region, String.join(",", instanceTypes)))));
        if (spotRoom.apply(region, instanceTypes) < targetCapacity) {
            // A spot shortage leaves less room than asked: a request of that size would not be fulfilled anywhere.
            return scores.stream().map(p -> new PlacementScore(p.region(), p.availabilityZone(), 1)).toList();
        }
        return scores;
    }

    private static int score(int healthyPools, int targetCapacity, double jitter) {
        if (healthyPools == 0) {
            return 1;
        }
        double raw = 4.0 + 2.0 * Math.log(1 + healthyPools) + 2.0 * jitter - Math.log10(targetCapacity) * 2.0;
        return (int) Math.max(1, Math.min(10, Math.round(raw)));
    }
}
