package dev.spotshift.cloud;

import java.util.List;

/** What the executor needs to change capacity: Auto Scaling groups and single instances. */
public interface CapacityManager {

    /** The ownership tag every instance Spotshift launches carries; its value is the plan id. */
    String OWNER_TAG = "spotshift:plan";

    GroupState describeGroup(String region, String groupName);

    /** Replaces the group's whole MixedInstancesPolicy distribution and overrides. */
    void setSpotShare(String region, String groupName, SpotShare share);

    InstanceInfo launch(LaunchRequest request);

    void terminate(String region, String instanceId);

    /** Instances (not terminated) tagged {@link #OWNER_TAG}: what the reaper looks at. */
    List<InstanceInfo> ownedInstances(String region);

    List<InstanceInfo> describeInstances(String region, List<String> instanceIds);

    /** Whether {@code count} on-demand instances of the type can be launched now (failback readiness). */
    boolean onDemandCapacityAvailable(String region, String instanceType, int count);

    /** Sets min/max and installs the CPU scale-out/scale-in rules on the group. */
    void applyScalingRules(String region, String groupName, ScalingRules rules);

    /** All groups of the region (fleet discovery). */
    List<GroupState> listGroups(String region);
}
