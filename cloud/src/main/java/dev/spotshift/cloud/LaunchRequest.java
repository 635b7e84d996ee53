package dev.spotshift.cloud;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Launch one instance (a replacement): the first type that has capacity wins.
 * {@code availabilityZone} null lets the cloud choose. The ownership tag {@code spotshift:plan} = planId is
 * always added to {@code tags}.
 */
public record LaunchRequest(String region, String availabilityZone, List<String> instanceTypes, Lifecycle lifecycle,
                            String planId, Map<String, String> tags) {
    public LaunchRequest {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(lifecycle, "lifecycle");
        Objects.requireNonNull(planId, "planId");
        instanceTypes = List.copyOf(instanceTypes);
        if (instanceTypes.isEmpty()) {
            throw new IllegalArgumentException("instanceTypes must not be empty");
        }
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
