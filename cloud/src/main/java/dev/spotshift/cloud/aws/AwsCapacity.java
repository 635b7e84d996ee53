package dev.spotshift.cloud.aws;

import dev.spotshift.cloud.CapacityManager;
import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.GroupState;
import dev.spotshift.cloud.InstanceInfo;
import dev.spotshift.cloud.LaunchRequest;
import dev.spotshift.cloud.Lifecycle;
import dev.spotshift.cloud.ScalingRules;
import dev.spotshift.cloud.SpotShare;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsRequest;
import software.amazon.awssdk.services.autoscaling.model.InstancesDistribution;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplate;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateOverrides;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.autoscaling.model.MixedInstancesPolicy;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.LocationType;

/** Capacity on AWS: Auto Scaling groups (MixedInstancesPolicy) and single replacement instances on EC2. */
final class AwsCapacity implements CapacityManager {

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
        String op = "autoscaling:UpdateAutoScalingGroup";
        AutoScalingGroup g = group(region, groupName);
        LaunchTemplateSpecification template = g.mixedInstancesPolicy() != null
                && g.mixedInstancesPolicy().launchTemplate() != null
                ? g.mixedInstancesPolicy().launchTemplate().launchTemplateSpecification()
                : g.launchTemplate();
        if (template == null) {
            throw new CloudException(op, CloudException.Kind.INVALID_REQUEST, "group '" + groupName
                    + "' has no launch template (a launch configuration cannot carry a MixedInstancesPolicy)");
        }
        // AWS wants the template by id or by name, never both (DescribeAutoScalingGroups gives both back).
        LaunchTemplateSpecification byOneName = template.launchTemplateId() != null
                ? LaunchTemplateSpecification.builder().launchTemplateId(template.launchTemplateId())
                        .version(template.version()).build()
                : LaunchTemplateSpecification.builder().launchTemplateName(template.launchTemplateName())
                        .version(template.version()).build();
        // The whole policy every time: a partial update (distribution only) is rejected by moto with a 500 and
        // would silently keep stale overrides on AWS.
        MixedInstancesPolicy policy = MixedInstancesPolicy.builder()
                .launchTemplate(LaunchTemplate.builder()
                        .launchTemplateSpecification(byOneName)
                        .overrides(share.instanceTypes().stream()
                                .map(t -> LaunchTemplateOverrides.builder().instanceType(t).build()).toList())
                        .build())
                .instancesDistribution(InstancesDistribution.builder()
                        .onDemandAllocationStrategy("prioritized")
                        .onDemandBaseCapacity(share.onDemandBaseCapacity())
                        .onDemandPercentageAboveBaseCapacity(share.onDemandPercentAboveBase())
                        .spotAllocationStrategy(share.spotAllocationStrategy())
                        .build())
                .build();
        AwsErrors.run(op, () -> clients.in(region).autoScaling().updateAutoScalingGroup(b -> b
                .autoScalingGroupName(groupName).mixedInstancesPolicy(policy)));
    }

    @Override
    public InstanceInfo launch(LaunchRequest request) {
        return launcher.launch(request);
    }

    @Override
    public void terminate(String region, String instanceId) {
        AwsErrors.run("ec2:TerminateInstances", () -> clients.in(region).ec2().terminateInstances(b -> b
                .instanceIds(instanceId)));
    }

    @Override
    public List<InstanceInfo> ownedInstances(String region) {
        return Ec2Instances.withFilters(clients.in(region).ec2(),
                Filter.builder().name("tag-key").values(OWNER_TAG).build(),
                Filter.builder().name("instance-state-name")
                        .values("pending", "running", "stopping", "stopped", "shutting-down").build());
    }

    @Override
    public List<InstanceInfo> describeInstances(String region, List<String> instanceIds) {
        if (instanceIds.isEmpty()) {
            return List.of();
        }
        return Ec2Instances.describe(clients.in(region).ec2(), instanceIds);
    }

    /**
     * EC2 promises on-demand capacity only through capacity reservations; without one the best answer is whether
     * the type is offered in the region at all. Pre-flight should pair this with a reservation for hard guarantees.
     */
    @Override
    public boolean onDemandCapacityAvailable(String region, String instanceType, int count) {
        return AwsErrors.call("ec2:DescribeInstanceTypeOfferings", () -> clients.in(region).ec2()
                .describeInstanceTypeOfferings(b -> b.locationType(LocationType.REGION)
                        .filters(Filter.builder().name("instance-type").values(instanceType).build()))
                .instanceTypeOfferings().stream().anyMatch(o -> instanceType.equals(o.instanceTypeAsString())));
    }

    @Override
    public void applyScalingRules(String region, String groupName, ScalingRules rules) {
        AutoScalingGroup g = group(region, groupName);
        int desired = Math.max(rules.minSize(), Math.min(rules.maxSize(), g.desiredCapacity()));
        AwsErrors.run("autoscaling:UpdateAutoScalingGroup", () -> clients.in(region).autoScaling()
                .updateAutoScalingGroup(b -> b.autoScalingGroupName(groupName).minSize(rules.minSize())
                        .maxSize(rules.maxSize()).desiredCapacity(desired)));
        scaling.apply(region, groupName, rules);
    }

    @Override
    public List<GroupState> listGroups(String region) {
        List<AutoScalingGroup> groups = AwsErrors.call("autoscaling:DescribeAutoScalingGroups", () -> {
            List<AutoScalingGroup> all = new ArrayList<>();
            clients.in(region).autoScaling().describeAutoScalingGroupsPaginator(
                    DescribeAutoScalingGroupsRequest.builder().build()).autoScalingGroups().forEach(all::add);
            return all;
        });
        return groups.stream().map(g -> toState(region, g)).toList();
    }

    private AutoScalingGroup group(String region, String groupName) {
        String op = "autoscaling:DescribeAutoScalingGroups";
        List<AutoScalingGroup> found = AwsErrors.call(op, () -> clients.in(region).autoScaling()
                .describeAutoScalingGroups(b -> b.autoScalingGroupNames(groupName)).autoScalingGroups());
        if (found.isEmpty()) {
            throw new CloudException(op, CloudException.Kind.NOT_FOUND,
                    "no Auto Scaling group '" + groupName + "' in " + region);
        }
        return found.get(0);
    }

    private GroupState toState(String region, AutoScalingGroup g) {
        String op = "autoscaling:DescribeAutoScalingGroups";
        String where = "autoScalingGroups(" + g.autoScalingGroupName() + ")";
        if (g.minSize() == null || g.maxSize() == null || g.desiredCapacity() == null) {
            throw CloudException.invalidAnswer(op, where + ".minSize/maxSize/desiredCapacity", "is missing");
        }
        List<String> ids = g.instances().stream().map(i -> i.instanceId()).toList();
        List<InstanceInfo> instances = describeInstances(region, ids);
        MixedInstancesPolicy mixed = g.mixedInstancesPolicy();
        if (mixed == null || mixed.instancesDistribution() == null) {
            // A group without a mixed policy is all on-demand of its template's type.
            List<String> types = new ArrayList<>(new TreeMap<>(instances.stream()
                    .collect(java.util.stream.Collectors.toMap(InstanceInfo::instanceType, i -> 1, (a, b) -> a))).keySet());
            return new GroupState(g.autoScalingGroupName(), g.minSize(), g.maxSize(), g.desiredCapacity(), 0, 100,
                    null, types, instances);
        }
        InstancesDistribution d = mixed.instancesDistribution();
        List<String> types = mixed.launchTemplate() == null ? List.of() : mixed.launchTemplate().overrides().stream()
                .map(LaunchTemplateOverrides::instanceType).toList();
        return new GroupState(g.autoScalingGroupName(), g.minSize(), g.maxSize(), g.desiredCapacity(),
                orDefault(d.onDemandBaseCapacity(), 0), orDefault(d.onDemandPercentageAboveBaseCapacity(), 100),
                d.spotAllocationStrategy(), types, instances);
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
