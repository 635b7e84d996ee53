package dev.spotshift.cloud.sim;

import dev.spotshift.cloud.Cloud;
import java.time.Clock;
import java.time.Instant;

/**
 * The demo's embedded cloud: a seeded spot market, a fleet that follows the spot share, checkpoints in memory,
 * seeded metrics and an interruption queue, plus the scenario injections AWS will not do on demand.
 */
public final class SimulatedCloud implements Cloud {

    private final long seed;
    private final Clock clock;
    private final Injections injections = new Injections();
    private final SimulatedMarket market;
    private final SimulatedFleet fleet;
    private final SimulatedCheckpoints checkpoints = new SimulatedCheckpoints();
    private final SimulatedMetrics metrics;
    private final SimulatedNotices notices;

    public SimulatedCloud(long seed, Clock clock) {
        this.seed = seed;
        this.clock = clock;
        this.market = new SimulatedMarket(seed, clock, injections);
        this.metrics = new SimulatedMetrics(seed);
        FleetRef ref = new FleetRef();
        this.notices = new SimulatedNotices(clock, ref);
        Interruptions interruptions = new Interruptions(seed, market, injections, notices, clock.instant());
        this.fleet = new SimulatedFleet(seed, clock, new Placement(seed, market, injections), interruptions);
        ref.fleet = fleet;
        market.spotRoom(fleet::spotRoom);
    }

    /** Lets the queue tick the fleet before a receive, so notices due by now are on it. */
    private static final class FleetRef implements Runnable {
        SimulatedFleet fleet;

        @Override
        public void run() {
            fleet.tick();
        }
    }

    /**
     * Keeps the fleet, its call ledger and the interruption queue in {@code directory}, shared with every other
     * simulated cloud pointed at it (other processes of the demo, or this process after a restart). Call it
     * before setting the world up: what the directory already holds replaces this cloud's fleet.
     */
    public SimulatedCloud shareWorld(java.nio.file.Path directory) {
        SharedWorld.in(directory, fleet, notices);
        return this;
    }

    public long seed() {
        return seed;
    }

    @Override
    public SimulatedMarket market() {
        return market;
    }

    @Override
    public SimulatedFleet capacity() {
        return fleet;
    }

    @Override
    public SimulatedCheckpoints checkpoints() {
        return checkpoints;
    }

    @Override
    public SimulatedMetrics metrics() {
        return metrics;
    }

    @Override
    public SimulatedNotices notices() {
        return notices;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public String kind() {
        return "simulated";
    }

    /** Multiplies the spot price of a type (in one zone, or all when zone is null) during [from, until). */
    public void priceSpike(String region, String instanceType, String zone, double factor, Instant from, Instant until) {
        market.onDemandPriceMicros(region, instanceType);
        injections.spikes.add(new Injections.PriceSpike(region, instanceType, zone, factor, from, until));
    }

    /** Every spot instance in the pool (type x zone) gets a warning during [from, until); no launches there. */
    public void interruptionStorm(String region, String instanceType, String zone, Instant from, Instant until) {
        market.onDemandPriceMicros(region, instanceType);
        injections.storms.add(new Injections.Storm(region, instanceType, zone, from, until));
    }

    /** No on-demand capacity of the type (in one zone, or all when zone is null) during [from, until). */
    public void onDemandShortage(String region, String instanceType, String zone, Instant from, Instant until) {
        market.onDemandPriceMicros(region, instanceType);
        injections.shortages.add(new Injections.Shortage(region, instanceType, zone, from, until));
    }

    /**
     * No spot capacity in the region beyond {@code maxSpot} instances of the type (null: of any type) during
     * [from, until): share changes are accepted and their spot launches fail, as on AWS (see
     * {@link SimulatedFleet#limitSpot}).
     */
    public void spotShortage(String region, String instanceType, int maxSpot, Instant from, Instant until) {
        if (instanceType != null) {
            market.onDemandPriceMicros(region, instanceType);
        }
        fleet.limitSpot(region, instanceType, maxSpot, from, until);
    }

    /** Relative hourly price movement of a pool (zone null: all zones); the default is 3 %. */
    public void setVolatility(String region, String instanceType, String zone, double relative) {
        injections.volatilities.add(new Injections.Volatility(region, instanceType, zone, relative));
    }

    /** Sends two-minute warnings now to up to {@code count} spot instances of the region; returns their ids. */
    public java.util.List<String> interruptSpotInstances(String region, int count) {
        return fleet.interruptSpotInstances(region, count);
    }

    /** Sends two-minute warnings now to up to {@code count} spot instances of one group; returns their ids. */
    public java.util.List<String> interruptSpotInstances(String region, String group, int count) {
        return fleet.interruptSpotInstances(region, group, count);
    }

    /** Every capacity call made so far, with its simulated time (for benchmarks and tests). */
    public java.util.List<CapacityCall> calls() {
        return fleet.calls();
    }

    /** Schedules the scenario's events relative to now on this cloud's clock. */
    public void play(Scenario scenario) {
        Instant start = clock.instant();
        for (Scenario.Event e : scenario.events()) {
            Instant at = start.plus(e.at());
            switch (e.type()) {
                case INTERRUPT -> fleet.scheduleInterruption(e.region(), e.count(), at);
                case PRICE_SPIKE -> priceSpike(e.region(), e.instanceType(), e.zone(), e.factor(), at, at.plus(e.lasts()));
                case STORM -> interruptionStorm(e.region(), e.instanceType(), e.zone(), at, at.plus(e.lasts()));
                case SHORTAGE -> onDemandShortage(e.region(), e.instanceType(), e.zone(), at, at.plus(e.lasts()));
                case SPOT_SHORTAGE -> spotShortage(e.region(), e.instanceType(), e.count(), at, at.plus(e.lasts()));
            }
        }
    }

    @Override
    public void close() {
        // Nothing to release: the simulated world lives in this object.
    }
}
