package dev.spotshift.cloud;

import java.util.List;
import java.util.Objects;

/**
 * What an Auto Scaling group was configured to before Spotshift touched it, exactly enough to put it back: sizes, the
 * MixedInstancesPolicy's distribution and overrides (in their order: with a prioritized on-demand strategy the order
 * is the priority), and its launch template. {@code mixedInstancesPolicy} false means the group ran one plain launch
 * template; the distribution fields then hold AWS's defaults (base 0, 100 % on-demand) and {@code instanceTypes} is
 * empty. {@code spotMaxPrice} is USD/h as AWS writes it, null for none; {@code onDemandAllocationStrategy}
 * (prioritized, lowest-price) as the group had it, null where the cloud has none. {@code launchTemplate} is null where the group
 * has none (a launch configuration on AWS, any group of the simulation).
 */
public record GroupConfig(int min, int max, int desired, boolean mixedInstancesPolicy, int onDemandBase,
                          int onDemandPercentAboveBase, String spotAllocationStrategy, String spotMaxPrice,
                          String onDemandAllocationStrategy, TemplateRef launchTemplate, List<String> instanceTypes) {

    /** A launch template by id and/or name, with the version the group asks for ($Latest, $Default or a number). */
    public record TemplateRef(String id, String name, String version) {
        public TemplateRef {
            if (id == null && name == null) {
                throw new IllegalArgumentException("a launch template needs an id or a name");
            }
        }
    }

    public GroupConfig {
        if (min < 0 || min > desired || desired > max) {
            throw new IllegalArgumentException("need 0 <= min <= desired <= max: " + min + "/" + desired + "/" + max);
        }
        instanceTypes = List.copyOf(instanceTypes);
        if (mixedInstancesPolicy) {
            Objects.requireNonNull(spotAllocationStrategy, "spotAllocationStrategy");
        }
    }

    /** The distribution part as a {@link SpotShare} (only meaningful with a MixedInstancesPolicy). */
    public SpotShare share() {
        return new SpotShare(onDemandBase, onDemandPercentAboveBase, spotAllocationStrategy, instanceTypes, spotMaxPrice);
    }
}
