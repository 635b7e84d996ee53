package dev.spotshift.cloud;

import java.util.List;
import java.util.Objects;

/**
 * The whole InstancesDistribution + overrides of a group's MixedInstancesPolicy. It is always sent whole:
 * AWS (and moto) reject or mangle partial policy updates.
 */
public record SpotShare(int onDemandBaseCapacity, int onDemandPercentAboveBase, String spotAllocationStrategy,
                        List<String> instanceTypes) {
    public static final String CAPACITY_OPTIMIZED = "capacity-optimized";
    public static final String PRICE_CAPACITY_OPTIMIZED = "price-capacity-optimized";

    public SpotShare {
        if (onDemandBaseCapacity < 0) {
            throw new IllegalArgumentException("onDemandBaseCapacity must not be negative: " + onDemandBaseCapacity);
        }
        if (onDemandPercentAboveBase < 0 || onDemandPercentAboveBase > 100) {
            throw new IllegalArgumentException("onDemandPercentAboveBase must be in 0..100: " + onDemandPercentAboveBase);
        }
        Objects.requireNonNull(spotAllocationStrategy, "spotAllocationStrategy");
        instanceTypes = List.copyOf(instanceTypes);
        if (instanceTypes.isEmpty()) {
            throw new IllegalArgumentException("instanceTypes must not be empty");
        }
    }
}
