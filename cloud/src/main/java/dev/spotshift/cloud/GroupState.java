package dev.spotshift.cloud;

import java.util.List;
import java.util.Objects;

/** An Auto Scaling group with its MixedInstancesPolicy distribution and its instances. */
public record GroupState(String name, int min, int max, int desired, int onDemandBase, int onDemandPercentAboveBase,
                         String allocationStrategy, List<String> instanceTypes, List<InstanceInfo> instances) {
    public GroupState {
        Objects.requireNonNull(name, "name");
        instanceTypes = List.copyOf(instanceTypes);
        instances = List.copyOf(instances);
    }

    public long activeCount(Lifecycle lifecycle) {
        return instances.stream().filter(i -> i.isActive() && i.lifecycle() == lifecycle).count();
    }
}
