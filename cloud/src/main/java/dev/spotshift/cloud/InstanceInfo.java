package dev.spotshift.cloud;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** One EC2 instance as the services see it. {@code state} is the EC2 state name (pending, running, ...). */
public record InstanceInfo(String instanceId, String instanceType, String availabilityZone, Lifecycle lifecycle,
                           String state, Map<String, String> tags, Instant launchedAt) {
    public InstanceInfo {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(instanceType, "instanceType");
        Objects.requireNonNull(lifecycle, "lifecycle");
        Objects.requireNonNull(state, "state");
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** pending or running: the instance counts as capacity. */
    public boolean isActive() {
        return "pending".equals(state) || "running".equals(state);
    }
}
