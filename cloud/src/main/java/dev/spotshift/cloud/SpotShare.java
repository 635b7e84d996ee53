package dev.spotshift.cloud;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * The whole InstancesDistribution + overrides of a group's MixedInstancesPolicy. It is always sent whole:
 * AWS (and moto) reject or mangle partial policy updates. {@code spotMaxPrice} (USD per hour as AWS writes it,
 * e.g. "0.05") caps what spot instances may cost; null means the on-demand price, AWS's default.
 */
public record SpotShare(int onDemandBaseCapacity, int onDemandPercentAboveBase, String spotAllocationStrategy,
                        List<String> instanceTypes, String spotMaxPrice) {
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
        checkPrice(spotMaxPrice);
    }

    /** Without a price cap: spot may cost up to the on-demand price. */
    public SpotShare(int onDemandBaseCapacity, int onDemandPercentAboveBase, String spotAllocationStrategy,
                     List<String> instanceTypes) {
        this(onDemandBaseCapacity, onDemandPercentAboveBase, spotAllocationStrategy, instanceTypes, null);
    }

    /** The same share with a different spot price cap (null: none). */
    public SpotShare withSpotMaxPrice(String price) {
        return new SpotShare(onDemandBaseCapacity, onDemandPercentAboveBase, spotAllocationStrategy, instanceTypes, price);
    }

    static void checkPrice(String price) {
        if (price == null) {
            return;
        }
        try {
            if (new BigDecimal(price).signum() <= 0) {
                throw new IllegalArgumentException("spotMaxPrice must be positive: " + price);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("spotMaxPrice must be a decimal USD/h price: '" + price + "'");
        }
    }
}
