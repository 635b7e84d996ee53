package dev.spotshift.cloud;

import java.time.Instant;
import java.util.List;

/** What the analyzer needs to know about the spot market. Money is micro-USD per instance-hour. */
public interface SpotMarket {

    /** Price changes of each (type, AZ) pool in [from, to], oldest first. */
    List<SpotPricePoint> spotPriceHistory(String region, List<String> instanceTypes, Instant from, Instant to);

    /** Linux on-demand price per hour; throws {@link CloudException} (NOT_FOUND) naming an unknown type or region. */
    long onDemandPriceMicros(String region, String instanceType);

    /** The Spot Instance Advisor band for the type in the region. */
    InterruptionFrequency interruptionFrequency(String region, String instanceType);

    /** Spot placement scores (1..10) for launching {@code targetCapacity} instances of the types. */
    List<PlacementScore> placementScores(String region, List<String> instanceTypes, int targetCapacity);
}
