package dev.spotshift.cloud.sim;

import dev.spotshift.cloud.InstanceInfo;
import dev.spotshift.cloud.Lifecycle;
import java.time.Instant;
import java.util.Map;

/** A simulated instance; mutable, guarded by the fleet's lock. */
final class SimInstance {
    final String id;
    final String region;
    final String type;
    final String zone;
    final Lifecycle lifecycle;
    final Map<String, String> tags;
    final Instant launchedAt;
    final String group;
    String state = "running";
    /** When the two-minute warning was sent; null while none is pending. */
    Instant warnedAt;

    SimInstance(String id, String region, String type, String zone, Lifecycle lifecycle, Map<String, String> tags,
                Instant launchedAt, String group) {
        this.id = id;
        this.region = region;
        this.type = type;
        this.zone = zone;
        this.lifecycle = lifecycle;
        this.tags = Map.copyOf(tags);
        this.launchedAt = launchedAt;
        this.group = group;
    }

    boolean active() {
        return "running".equals(state) || "pending".equals(state);
    }

    InstanceInfo info() {
        return new InstanceInfo(id, type, zone, lifecycle, state, tags, launchedAt);
    }
}
