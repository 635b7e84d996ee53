package dev.spotshift.simulator.domain;

import java.time.Instant;

/** Hourly prices in micro-USD; in the demo, the seeded simulated market every service shares. */
public interface PriceBook {

    long onDemandMicros(String region, String instanceType);

    /** The cheapest spot price of the type among the zones at the instant. */
    long spotMicros(String region, String instanceType, Iterable<String> zones, Instant at);
}
