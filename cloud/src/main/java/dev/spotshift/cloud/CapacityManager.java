package dev.spotshift.cloud;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What the executor needs to change capacity: Auto Scaling groups and single instances. */
public interface CapacityManager {

    /** The ownership tag every instance Spotshift launches carries; its value is the plan id. */
    String OWNER_TAG = "spotshift:plan";
    /** The deployment (one Spotshift installation) that launched the instance, when the launch named one. */
    String DEPLOYMENT_TAG = "spotshift:deployment";
    /** The launch's client token, so a replayed launch finds the instance it already started. */
    String LAUNCH_TOKEN_TAG = "spotshift:launch-token";

    GroupState describeGroup(String region, String groupName);

    /** Replaces the group's whole MixedInstancesPolicy distribution and overrides. */
    void setSpotShare(String region, String groupName, SpotShare share);

    /**
     * Launches one instance, idempotently: a request with a {@link LaunchRequest#clientToken()} already used in the
     * region returns the instance launched then (whatever its state now) and launches nothing.
     */
    InstanceInfo launch(LaunchRequest request);

    /**
     * Why the group's spot launches since {@code since} failed for want of spot capacity, if they did. A share change
     * succeeds whatever the capacity: Auto Scaling reports the spot launches it could not make only in the group's
     * scaling activities. Reads them for at most {@code watch} (zero: once), stopping as soon as a launch started
     * since then has ended. Empty when no launch failed for capacity, or a later one succeeded.
     */
    default Optional<String> spotShortage(String region, String groupName, Instant since, Duration watch) {
        return Optional.empty();
    }

    void terminate(String region, String instanceId);

    /**
     * Terminates one instance of the group without lowering its desired capacity, so the group launches the
     * replacement itself (following its current distribution) and never holds more than desired. Idempotent: an
     * instance already terminating, gone, or not in the group is reported, not an error.
     */
    GroupReplacement replaceInGroup(String region, String groupName, String instanceId);

    /** Instances (not terminated) tagged {@link #OWNER_TAG}, of every deployment: what the reaper looks at. */
    List<InstanceInfo> ownedInstances(String region);

    /** Instances (not terminated, spot and on-demand) tagged {@link #OWNER_TAG} and {@link #DEPLOYMENT_TAG} = id. */
    List<InstanceInfo> ownedInstances(String region, String deploymentId);

    List<InstanceInfo> describeInstances(String region, List<String> instanceIds);

    /** Whether {@code count} on-demand instances of the type can be launched now (failback readiness). */
    boolean onDemandCapacityAvailable(String region, String instanceType, int count);

    /** Sets min/max and installs the CPU scale-out/scale-in rules on the group. */
    void applyScalingRules(String region, String groupName, ScalingRules rules);

    /**
     * Takes the rules {@link #applyScalingRules} installed off the group (the way back to on-demand: the group's own
     * sizes come back with its captured config). Returns whether there were any; a repeat changes nothing.
     */
    boolean removeScalingRules(String region, String groupName);

    /** All groups of the region (fleet discovery). */
    List<GroupState> listGroups(String region);

    /** The group's configuration as it is now, exactly enough for {@link #restoreConfig}. */
    GroupConfig captureConfig(String region, String groupName);

    /**
     * Puts the group back to {@code config}: reads it first and changes only what differs, so a restore repeated
     * after a crash changes nothing. Returns whether anything had to change.
     */
    boolean restoreConfig(String region, String groupName, GroupConfig config);
}
