package dev.spotshift.cloud;

import java.time.Instant;
import java.util.Objects;

/** One spot price of one pool (instance type x availability zone), valid from {@code at}. */
public record SpotPricePoint(String instanceType, String availabilityZone, Instant at, long priceMicros) {
    public SpotPricePoint {
        Objects.requireNonNull(instanceType, "instanceType");
        Objects.requireNonNull(availabilityZone, "availabilityZone");
        Objects.requireNonNull(at, "at");
        if (priceMicros < 0) {
            throw new IllegalArgumentException("priceMicros must not be negative: " + priceMicros);
        }
    }
}
