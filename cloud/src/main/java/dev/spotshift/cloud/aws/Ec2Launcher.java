package dev.spotshift.cloud.aws;

import dev.spotshift.cloud.CapacityManager;
import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.InstanceInfo;
import dev.spotshift.cloud.LaunchRequest;
import dev.spotshift.cloud.Lifecycle;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.ec2.model.Filter;
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

/**
 * Launches one replacement instance, trying the request's types in order until one has capacity, idempotently: the
 * request's client token is both tagged on the instance (looked up first, so a replay finds an instance whatever type
 * won, and on emulators that ignore ClientToken) and, hashed with the type attempted, sent as EC2's ClientToken (so
 * a lost answer retried, even after the lookup, cannot launch twice on AWS).
 */
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
        Optional<InstanceInfo> earlier = launchedBefore(r);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        Map<String, String> tags = new TreeMap<>(r.tags());
        tags.put(CapacityManager.OWNER_TAG, r.planId());
        tags.put(CapacityManager.LAUNCH_TOKEN_TAG, r.clientToken());
        if (r.deploymentId() != null) {
            tags.put(CapacityManager.DEPLOYMENT_TAG, r.deploymentId());
        }
        List<Tag> ec2Tags = tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
        List<CloudException> shortages = new ArrayList<>();
        for (String type : r.instanceTypes()) {
            RunInstancesRequest.Builder b = RunInstancesRequest.builder()
                    .minCount(1).maxCount(1).instanceType(type)
                    // EC2 rejects a token reused with other parameters, so each type attempt has its own.
                    .clientToken(ec2Token(r, type))
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
                RunInstancesResponse response = clients.call(r.region(), OP, () -> clients.in(r.region()).ec2()
                        .runInstances(b.build()));
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

    /** The instance a request with this token already launched, whatever its state now (as EC2's own replay). */
    private Optional<InstanceInfo> launchedBefore(LaunchRequest r) {
        List<InstanceInfo> found = Ec2Instances.withFilters(clients, r.region(),
                Filter.builder().name("tag:" + CapacityManager.LAUNCH_TOKEN_TAG).values(r.clientToken()).build());
        // Two only after a race of two launchers: the active one, then the oldest, is the answer.
        return found.stream().min(Comparator.comparing((InstanceInfo i) -> !i.isActive())
                .thenComparing(i -> i.launchedAt() == null ? java.time.Instant.MAX : i.launchedAt()));
    }

    /** 64 hex characters, EC2's limit: the same request and type always give the same token. */
    static String ec2Token(LaunchRequest r, String type) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String key = r.clientToken() + "|" + r.region() + "|" + r.lifecycle() + "|" + type + "|"
                    + (r.availabilityZone() == null ? "" : r.availabilityZone());
            return HexFormat.of().formatHex(sha.digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
