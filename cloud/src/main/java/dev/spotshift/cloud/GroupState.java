package dev.spotshift.cloud;

import java.util.List;
import java.util.Objects;

/**
 * An Auto Scaling group with its MixedInstancesPolicy distribution and its instances. {@code spotMaxPrice} is the
 * distribution's spot price cap (USD/h), null when none is set.
 */
public record GroupState(String name, int min, int max, int desired, int onDemandBase, int onDemandPercentAboveBase,
                         String allocationStrategy, List<String> instanceTypes, List<InstanceInfo> instances,
                         String spotMaxPrice) {
    public GroupState {
        Objects.requireNonNull(name, "name");
        instanceTypes = List.copyOf(instanceTypes);
        instances = List.copyOf(instances);
    }

    /** A group without a spot price cap. */
    public GroupState(String name, int min, int max, int desired, int onDemandBase, int onDemandPercentAboveBase,
                      String allocationStrategy, List<String> instanceTypes, List<InstanceInfo> instances) {
        this(name, min, max, desired, onDemandBase, onDemandPercentAboveBase, allocationStrategy, instanceTypes,
                instances, null);
    }

    public long activeCount(Lifecycle lifecycle) {
        return instances.stream().filter(i -> i.isActive() && i.lifecycle() == lifecycle).count();
    }
}
