package dev.spotshift.cloud;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A plan's shadow capacity (seed 000's launch_shadow_mode): spot instances beside the serving on-demand ones that run
 * the same jobs so their outputs can be compared, and serve no one. Built on the port's own launch and terminate, so
 * both implementations have it and the instances carry the ownership tags every Spotshift launch carries (the reaper
 * finds them once their plan has ended), plus {@link #ROLE_TAG} = {@link #SHADOW_ROLE}.
 */
public final class ShadowCapacity {

    /** What an instance is for in its plan; shadow capacity is the only role tagged so far. */
    public static final String ROLE_TAG = "spotshift:role";
    public static final String SHADOW_ROLE = "shadow";

    private final CapacityManager capacity;

    public ShadowCapacity(CapacityManager capacity) {
        this.capacity = Objects.requireNonNull(capacity, "capacity");
    }

    /**
     * {@code count} spot instances of the first of {@code instanceTypes} with capacity, for the command
     * {@code commandId}. Idempotent: the n-th instance's client token is derived from the command id and n, so a
     * replayed command returns the instances it launched the first time and launches none.
     */
    public record Launch(String region, String planId, List<String> instanceTypes, int count, String commandId,
                         String deploymentId) {
        public Launch {
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(planId, "planId");
            Objects.requireNonNull(commandId, "commandId");
            instanceTypes = List.copyOf(instanceTypes);
            if (count < 1) {
                throw new IllegalArgumentException("a shadow run needs at least one instance, count is " + count);
            }
        }
    }

    public List<InstanceInfo> launch(Launch l) {
        List<InstanceInfo> launched = new ArrayList<>();
        for (int n = 0; n < l.count(); n++) {
            launched.add(capacity.launch(new LaunchRequest(l.region(), null, l.instanceTypes(), Lifecycle.SPOT,
                    l.planId(), Map.of(ROLE_TAG, SHADOW_ROLE), token(l.commandId(), n), l.deploymentId())));
        }
        return List.copyOf(launched);
    }

    /** The plan's shadow instances that still count as capacity (pending or running). */
    public List<InstanceInfo> instances(String region, String planId) {
        return capacity.ownedInstances(region).stream()
                .filter(i -> planId.equals(i.tags().get(CapacityManager.OWNER_TAG)))
                .filter(i -> SHADOW_ROLE.equals(i.tags().get(ROLE_TAG)))
                .filter(InstanceInfo::isActive)
                .toList();
    }

    /**
     * Ends the plan's shadow run on the cloud: terminates every one of its shadow instances still there and returns
     * them. Read before act, so a repeat (after a crash, a lost answer) finds none and calls nothing.
     */
    public List<InstanceInfo> remove(String region, String planId) {
        List<InstanceInfo> live = instances(region, planId);
        live.forEach(i -> capacity.terminate(region, i.instanceId()));
        return live;
    }

    /** EC2 allows 64 characters; a command id may be longer, so it is hashed, deterministically. */
    static String token(String commandId, int n) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(commandId.getBytes(StandardCharsets.UTF_8));
            return "shadow-" + HexFormat.of().formatHex(digest, 0, 20) + "-" + n;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
