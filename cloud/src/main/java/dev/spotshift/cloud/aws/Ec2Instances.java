package dev.spotshift.cloud.aws;

import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.InstanceInfo;
import dev.spotshift.cloud.Lifecycle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceLifecycleType;
import software.amazon.awssdk.services.ec2.model.Tag;

/** EC2 instances read and checked: every field the port uses must be there and make sense. */
final class Ec2Instances {

    static final Set<String> STATES = Set.of("pending", "running", "shutting-down", "terminated", "stopping", "stopped");
    private static final int MAX_IDS_PER_CALL = 1000;

    private Ec2Instances() {
    }

    static List<InstanceInfo> describe(AwsClients clients, String region, List<String> ids) {
        String op = "ec2:DescribeInstances";
        List<InstanceInfo> result = new ArrayList<>();
        for (int start = 0; start < ids.size(); start += MAX_IDS_PER_CALL) {
            List<String> chunk = ids.subList(start, Math.min(ids.size(), start + MAX_IDS_PER_CALL));
            result.addAll(query(clients, region, op, DescribeInstancesRequest.builder().instanceIds(chunk).build()));
        }
        return result;
    }

    static List<InstanceInfo> withFilters(AwsClients clients, String region, Filter... filters) {
        return query(clients, region, "ec2:DescribeInstances", DescribeInstancesRequest.builder().filters(filters).build());
    }

    private static List<InstanceInfo> query(AwsClients clients, String region, String op,
                                            DescribeInstancesRequest request) {
        List<Instance> instances = clients.call(region, op, () -> {
            List<Instance> all = new ArrayList<>();
            clients.in(region).ec2().describeInstancesPaginator(request).reservations().forEach(r -> all.addAll(r.instances()));
            return all;
        });
        List<InstanceInfo> result = new ArrayList<>();
        for (int n = 0; n < instances.size(); n++) {
            result.add(toInfo(op, "instances[" + n + "]", instances.get(n)));
        }
        return result;
    }

    static InstanceInfo toInfo(String op, String where, Instance i) {
        if (i.instanceId() == null || !i.instanceId().startsWith("i-")) {
            throw CloudException.invalidAnswer(op, where + ".instanceId", "is missing or not an instance id: " + i.instanceId());
        }
        where = where + "(" + i.instanceId() + ")";
        if (i.instanceTypeAsString() == null || i.instanceTypeAsString().isBlank()) {
            throw CloudException.invalidAnswer(op, where + ".instanceType", "is missing");
        }
        String state = i.state() == null ? null : i.state().nameAsString();
        if (state == null || !STATES.contains(state)) {
            throw CloudException.invalidAnswer(op, where + ".state.name", "is not a known EC2 state: " + state);
        }
        if (i.placement() == null || i.placement().availabilityZone() == null) {
            throw CloudException.invalidAnswer(op, where + ".placement.availabilityZone", "is missing");
        }
        if (i.instanceLifecycle() == InstanceLifecycleType.UNKNOWN_TO_SDK_VERSION) {
            throw CloudException.invalidAnswer(op, where + ".instanceLifecycle", "is unknown: " + i.instanceLifecycleAsString());
        }
        // No lifecycle means on-demand; capacity blocks and scheduled instances are paid like on-demand too.
        Lifecycle lifecycle = i.instanceLifecycle() == InstanceLifecycleType.SPOT ? Lifecycle.SPOT : Lifecycle.ON_DEMAND;
        Map<String, String> tags = new HashMap<>();
        for (Tag t : i.tags()) {
            tags.put(t.key(), t.value() == null ? "" : t.value());
        }
        return new InstanceInfo(i.instanceId(), i.instanceTypeAsString(), i.placement().availabilityZone(), lifecycle,
                state, tags, i.launchTime());
    }
}
