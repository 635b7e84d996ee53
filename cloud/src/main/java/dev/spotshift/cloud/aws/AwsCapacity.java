package dev.spotshift.cloud.aws;

import dev.spotshift.cloud.CapacityManager;
import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.GroupConfig;
import dev.spotshift.cloud.GroupReplacement;
import dev.spotshift.cloud.GroupState;
import dev.spotshift.cloud.InstanceInfo;
import dev.spotshift.cloud.LaunchRequest;
import dev.spotshift.cloud.ScalingRules;
import dev.spotshift.cloud.SpotShare;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.autoscaling.model.Activity;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsRequest;
import software.amazon.awssdk.services.autoscaling.model.InstancesDistribution;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateOverrides;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.autoscaling.model.MixedInstancesPolicy;
import software.amazon.awssdk.services.autoscaling.model.UpdateAutoScalingGroupRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.LocationType;

/** Capacity on AWS: Auto Scaling groups (MixedInstancesPolicy) and single replacement instances on EC2. */
final class AwsCapacity implements CapacityManager {

    private static final String[] NOT_TERMINATED = {"pending", "running", "stopping", "stopped", "shutting-down"};
    private static final String DESCRIBE_GROUPS = "autoscaling:DescribeAutoScalingGroups";
    /** Auto Scaling starts a launch within seconds of a change; reading more often only spends API rate. */
    private static final Duration ACTIVITY_POLL = Duration.ofSeconds(2);
    /** The newest activities, one page: a step's launches are among them, older ones are not wanted. */
    private static final int ACTIVITY_PAGE = 50;

    private final AwsClients clients;
    private final Ec2Launcher launcher;
    private final ScalingPolicies scaling;

    AwsCapacity(AwsClients clients, AwsConfig config) {
        this.clients = clients;
        this.launcher = new Ec2Launcher(clients, config);
        this.scaling = new ScalingPolicies(clients);
    }

    @Override
    public GroupState describeGroup(String region, String groupName) {
        return toState(region, group(region, groupName));
    }

    @Override
    public void setSpotShare(String region, String groupName, SpotShare share) {
        AutoScalingGroup g = group(region, groupName);
        MixedInstancesPolicy current = g.mixedInstancesPolicy();
        LaunchTemplateSpecification template = current != null && current.launchTemplate() != null
                ? current.launchTemplate().launchTemplateSpecification()
                : g.launchTemplate();
        if (template == null) {
            throw new CloudException(AwsGroupConfigs.UPDATE, CloudException.Kind.INVALID_REQUEST, "group '" + groupName
                    + "' has no launch template (a launch configuration cannot carry a MixedInstancesPolicy)");
        }
        // Kept as the group has it; prioritized (AWS's default with overrides) when it has none yet.
        String onDemandStrategy = current == null || current.instancesDistribution() == null
                || current.instancesDistribution().onDemandAllocationStrategy() == null
                ? "prioritized" : current.instancesDistribution().onDemandAllocationStrategy();
        // The whole policy every time: a partial update (distribution only) is rejected by moto with a 500 and
        // would silently keep stale overrides on AWS.
        MixedInstancesPolicy policy = AwsGroupConfigs.policy(template, share, onDemandStrategy);
        clients.run(region, AwsGroupConfigs.UPDATE, () -> clients.in(region).autoScaling().updateAutoScalingGroup(b -> b
                .autoScalingGroupName(groupName).mixedInstancesPolicy(policy)));
    }

    @Override
    public InstanceInfo launch(LaunchRequest request) {
        return launcher.launch(request);
    }

    @Override
    public Optional<String> spotShortage(String region, String groupName, Instant since, Duration watch) {
        long deadline = System.nanoTime() + Math.max(0, watch.toNanos());
        while (true) {
            List<Activity> recent = activities(region, groupName);
            long left = deadline - System.nanoTime();
            if (left <= 0 || SpotShortages.settled(recent, since)) {
                return SpotShortages.classify(groupName, recent, since);
            }
            try {
                Thread.sleep(Math.max(1, Math.min(ACTIVITY_POLL.toMillis(), left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return SpotShortages.classify(groupName, recent, since);
            }
        }
    }

    private List<Activity> activities(String region, String groupName) {
        return clients.call(region, SpotShortages.OPERATION, () -> clients.in(region).autoScaling()
                .describeScalingActivities(b -> b.autoScalingGroupName(groupName).maxRecords(ACTIVITY_PAGE))
                .activities());
    }

    @Override
    public void terminate(String region, String instanceId) {
        clients.run(region, "ec2:TerminateInstances", () -> clients.in(region).ec2().terminateInstances(b -> b
                .instanceIds(instanceId)));
    }

    @Override
    public GroupReplacement replaceInGroup(String region, String groupName, String instanceId) {
        Optional<GroupReplacement> done = nothingToDo(region, groupName, instanceId);
        if (done.isPresent()) {
            return done.get();
        }
        try {
            // Not decrementing is the point: the group replaces the instance and stays at its desired capacity.
            clients.run(region, "autoscaling:TerminateInstanceInAutoScalingGroup", () -> clients.in(region)
                    .autoScaling().terminateInstanceInAutoScalingGroup(b -> b.instanceId(instanceId)
                            .shouldDecrementDesiredCapacity(false)));
            return new GroupReplacement(instanceId, GroupReplacement.Outcome.TERMINATION_REQUESTED);
        } catch (CloudException e) {
            // Lost a race with another terminator or an interruption: the state we wanted is already there.
            if (e.kind() == CloudException.Kind.INVALID_REQUEST || e.kind() == CloudException.Kind.NOT_FOUND) {
                Optional<GroupReplacement> now = nothingToDo(region, groupName, instanceId);
                if (now.isPresent()) {
                    return now.get();
                }
            }
            throw e;
        }
    }

    /** Why no termination is needed (or allowed), if so: checked before acting, since moto 500s on a stranger. */
    private Optional<GroupReplacement> nothingToDo(String region, String groupName, String instanceId) {
        Optional<software.amazon.awssdk.services.autoscaling.model.Instance> member = group(region, groupName)
                .instances().stream().filter(i -> instanceId.equals(i.instanceId())).findFirst();
        if (member.isEmpty()) {
            return Optional.of(outsideGroup(region, instanceId));
        }
        String lifecycle = member.get().lifecycleStateAsString();
        return lifecycle != null && lifecycle.startsWith("Terminat")
                ? Optional.of(new GroupReplacement(instanceId, GroupReplacement.Outcome.ALREADY_TERMINATING))
                : Optional.empty();
    }

    private GroupReplacement outsideGroup(String region, String instanceId) {
        List<InstanceInfo> found;
        try {
            found = describeInstances(region, List.of(instanceId));
        } catch (CloudException e) {
            if (e.kind() != CloudException.Kind.NOT_FOUND) {
                throw e;
            }
            found = List.of();
        }
        if (found.isEmpty()) {
            return new GroupReplacement(instanceId, GroupReplacement.Outcome.GONE);
        }
        String state = found.get(0).state();
        return new GroupReplacement(instanceId, "shutting-down".equals(state) || "terminated".equals(state)
                ? GroupReplacement.Outcome.ALREADY_TERMINATING : GroupReplacement.Outcome.NOT_IN_GROUP);
    }

    @Override
    public List<InstanceInfo> ownedInstances(String region) {
        return Ec2Instances.withFilters(clients, region,
                Filter.builder().name("tag-key").values(OWNER_TAG).build(),
                Filter.builder().name("instance-state-name").values(NOT_TERMINATED).build());
    }

    @Override
    public List<InstanceInfo> ownedInstances(String region, String deploymentId) {
        Objects.requireNonNull(deploymentId, "deploymentId");
        return Ec2Instances.withFilters(clients, region,
                Filter.builder().name("tag-key").values(OWNER_TAG).build(),
                Filter.builder().name("tag:" + DEPLOYMENT_TAG).values(deploymentId).build(),
                Filter.builder().name("instance-state-name").values(NOT_TERMINATED).build());
    }

    @Override
    public List<InstanceInfo> describeInstances(String region, List<String> instanceIds) {
        if (instanceIds.isEmpty()) {
            return List.of();
        }
        return Ec2Instances.describe(clients, region, instanceIds);
    }

    /**
     * EC2 promises on-demand capacity only through capacity reservations; without one the best answer is whether
     * the type is offered in the region at all. Pre-flight should pair this with a reservation for hard guarantees.
     */
    @Override
    public boolean onDemandCapacityAvailable(String region, String instanceType, int count) {
        return clients.call(region, "ec2:DescribeInstanceTypeOfferings", () -> clients.in(region).ec2()
                .describeInstanceTypeOfferings(b -> b.locationType(LocationType.REGION)
                        .filters(Filter.builder().name("instance-type").values(instanceType).build()))
                .instanceTypeOfferings().stream().anyMatch(o -> instanceType.equals(o.instanceTypeAsString())));
    }

    @Override
    public void applyScalingRules(String region, String groupName, ScalingRules rules) {
        AutoScalingGroup g = group(region, groupName);
        int desired = Math.max(rules.minSize(), Math.min(rules.maxSize(), g.desiredCapacity()));
        UpdateAutoScalingGroupRequest.Builder update = UpdateAutoScalingGroupRequest.builder()
                .autoScalingGroupName(groupName).minSize(rules.minSize()).maxSize(rules.maxSize()).desiredCapacity(desired);
        if (g.mixedInstancesPolicy() != null) {
            // Resent unchanged: moto drops a MixedInstancesPolicy that an update leaves out.
            update.mixedInstancesPolicy(AwsGroupConfigs.resendable(g.mixedInstancesPolicy()));
        }
        clients.run(region, AwsGroupConfigs.UPDATE, () -> clients.in(region).autoScaling()
                .updateAutoScalingGroup(update.build()));
        scaling.apply(region, groupName, rules);
    }

    @Override
    public boolean removeScalingRules(String region, String groupName) {
        return scaling.remove(region, groupName);
    }

    @Override
    public List<GroupState> listGroups(String region) {
        List<AutoScalingGroup> groups = clients.call(region, DESCRIBE_GROUPS, () -> {
            List<AutoScalingGroup> all = new ArrayList<>();
            clients.in(region).autoScaling().describeAutoScalingGroupsPaginator(
                    DescribeAutoScalingGroupsRequest.builder().build()).autoScalingGroups().forEach(all::add);
            return all;
        });
        return groups.stream().map(g -> toState(region, g)).toList();
    }

    @Override
    public GroupConfig captureConfig(String region, String groupName) {
        return AwsGroupConfigs.capture(checkedSizes(group(region, groupName)));
    }

    @Override
    public boolean restoreConfig(String region, String groupName, GroupConfig config) {
        Objects.requireNonNull(config, "config");
        GroupConfig current = captureConfig(region, groupName);
        UpdateAutoScalingGroupRequest update = AwsGroupConfigs.restore(groupName, current, config);
        if (update == null) {
            return false;
        }
        clients.run(region, AwsGroupConfigs.UPDATE, () -> clients.in(region).autoScaling().updateAutoScalingGroup(update));
        return true;
    }

    private AutoScalingGroup group(String region, String groupName) {
        List<AutoScalingGroup> found = clients.call(region, DESCRIBE_GROUPS, () -> clients.in(region).autoScaling()
                .describeAutoScalingGroups(b -> b.autoScalingGroupNames(groupName)).autoScalingGroups());
        if (found.isEmpty()) {
            throw new CloudException(DESCRIBE_GROUPS, CloudException.Kind.NOT_FOUND,
                    "no Auto Scaling group '" + groupName + "' in " + region);
        }
        return found.get(0);
    }

    private static AutoScalingGroup checkedSizes(AutoScalingGroup g) {
        if (g.minSize() == null || g.maxSize() == null || g.desiredCapacity() == null) {
            throw CloudException.invalidAnswer(DESCRIBE_GROUPS, "autoScalingGroups(" + g.autoScalingGroupName()
                    + ").minSize/maxSize/desiredCapacity", "is missing");
        }
        return g;
    }

    private GroupState toState(String region, AutoScalingGroup g) {
        checkedSizes(g);
        List<String> ids = g.instances().stream().map(i -> i.instanceId()).toList();
        List<InstanceInfo> instances = describeInstances(region, ids);
        MixedInstancesPolicy mixed = g.mixedInstancesPolicy();
        if (mixed == null || mixed.instancesDistribution() == null) {
            // A group without a mixed policy is all on-demand of its template's type.
            List<String> types = new ArrayList<>(new TreeMap<>(instances.stream()
                    .collect(Collectors.toMap(InstanceInfo::instanceType, i -> 1, (a, b) -> a))).keySet());
            return new GroupState(g.autoScalingGroupName(), g.minSize(), g.maxSize(), g.desiredCapacity(), 0, 100,
                    null, types, instances, null);
        }
        InstancesDistribution d = mixed.instancesDistribution();
        List<String> types = mixed.launchTemplate() == null ? List.of() : mixed.launchTemplate().overrides().stream()
                .map(LaunchTemplateOverrides::instanceType).toList();
        return new GroupState(g.autoScalingGroupName(), g.minSize(), g.maxSize(), g.desiredCapacity(),
                orDefault(d.onDemandBaseCapacity(), 0), orDefault(d.onDemandPercentageAboveBaseCapacity(), 100),
                d.spotAllocationStrategy(), types, instances, AwsGroupConfigs.blankToNull(d.spotMaxPrice()));
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
