package dev.spotshift.cloud.aws;

import dev.spotshift.cloud.CapacityManager;
import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.InstanceInfo;
import dev.spotshift.cloud.LaunchRequest;
import dev.spotshift.cloud.Lifecycle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import software.amazon.awssdk.services.ec2.model.InstanceInterruptionBehavior;
import software.amazon.awssdk.services.ec2.model.InstanceMarketOptionsRequest;
import software.amazon.awssdk.services.ec2.model.MarketType;
import software.amazon.awssdk.services.ec2.model.Placement;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;
import software.amazon.awssdk.services.ec2.model.SpotInstanceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** Launches one replacement instance, trying the request's types in order until one has capacity. */
final class Ec2Launcher {

    private static final String OP = "ec2:RunInstances";

    private final AwsClients clients;
    private final AwsConfig config;

    Ec2Launcher(AwsClients clients, AwsConfig config) {
        this.clients = clients;
        this.config = config;
    }

    InstanceInfo launch(LaunchRequest r) {
        if (config.launchTemplate().isEmpty() && config.imageId().isEmpty()) {
            throw new CloudException(OP, CloudException.Kind.INVALID_REQUEST, "neither " + AwsConfig.LAUNCH_TEMPLATE
                    + " nor " + AwsConfig.IMAGE_ID + " is configured: replacements need one");
        }
        Map<String, String> tags = new TreeMap<>(r.tags());
        tags.put(CapacityManager.OWNER_TAG, r.planId());
        List<Tag> ec2Tags = tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
        List<CloudException> shortages = new ArrayList<>();
        for (String type : r.instanceTypes()) {
            RunInstancesRequest.Builder b = RunInstancesRequest.builder()
                    .minCount(1).maxCount(1).instanceType(type)
                    // One token per attempt at this type: an SDK retry of a lost answer cannot launch twice.
                    .clientToken(UUID.randomUUID().toString())
                    .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(ec2Tags).build());
            config.launchTemplate().ifPresentOrElse(
                    lt -> b.launchTemplate(t -> t.launchTemplateName(lt)),
                    () -> b.imageId(config.imageId().get()));
            if (r.availabilityZone() != null) {
                b.placement(Placement.builder().availabilityZone(r.availabilityZone()).build());
            }
            if (r.lifecycle() == Lifecycle.SPOT) {
                // One-time and terminate: the replacement is itself replaced on the next notice, never restarted.
                b.instanceMarketOptions(InstanceMarketOptionsRequest.builder().marketType(MarketType.SPOT)
                        .spotOptions(s -> s.spotInstanceType(SpotInstanceType.ONE_TIME)
                                .instanceInterruptionBehavior(InstanceInterruptionBehavior.TERMINATE))
                        .build());
            }
            try {
                RunInstancesResponse response = AwsErrors.call(OP, () -> clients.in(r.region()).ec2().runInstances(b.build()));
                if (response.instances().size() != 1) {
                    throw CloudException.invalidAnswer(OP, "instances", "has " + response.instances().size()
                            + " entries, expected 1");
                }
                return Ec2Instances.toInfo(OP, "instances[0]", response.instances().get(0));
            } catch (CloudException e) {
                if (e.kind() != CloudException.Kind.INSUFFICIENT_CAPACITY) {
                    throw e;
                }
                shortages.add(e);
            }
        }
        CloudException none = new CloudException(OP, CloudException.Kind.INSUFFICIENT_CAPACITY,
                "no " + r.lifecycle() + " capacity for any of " + r.instanceTypes());
        shortages.forEach(none::addSuppressed);
        throw none;
    }
}
