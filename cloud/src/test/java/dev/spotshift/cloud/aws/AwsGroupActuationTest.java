package dev.spotshift.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.cloud.GroupConfig;
import dev.spotshift.cloud.GroupReplacement;
import dev.spotshift.cloud.GroupState;
import dev.spotshift.cloud.InstanceInfo;
import dev.spotshift.cloud.ScalingRules;
import dev.spotshift.cloud.SpotShare;
import dev.spotshift.cloud.testing.Moto;
import dev.spotshift.cloud.testing.MotoExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;

/** Replacing inside a group without doubling it, and putting a group back exactly as it was. */
@ExtendWith(MotoExtension.class)
class AwsGroupActuationTest {

    private static final List<String> M5 = List.of("m5.large", "m5a.large", "m5n.large");

    private AwsCloud cloud;
    private Ec2Client ec2;
    private AutoScalingClient autoScaling;
    private String imageId;

    @BeforeEach
    void startCloud(Moto moto) {
        ec2 = Ec2Client.builder().endpointOverride(moto.endpoint()).region(Emulated.region())
                .credentialsProvider(Emulated.credentials()).build();
        autoScaling = AutoScalingClient.builder().endpointOverride(moto.endpoint()).region(Emulated.region())
                .credentialsProvider(Emulated.credentials()).build();
        imageId = ec2.describeImages().images().get(0).imageId();
        Map<String, String> config = Emulated.config(moto.endpoint());
        config.put(AwsConfig.IMAGE_ID, imageId);
        cloud = Emulated.cloud(config);
    }

    @AfterEach
    void closeClients() {
        cloud.close();
        ec2.close();
        autoScaling.close();
    }

    private void givenTemplate(String name) {
        ec2.createLaunchTemplate(b -> b.launchTemplateName(name + "-lt")
                .launchTemplateData(d -> d.imageId(imageId).instanceType("m5.large")));
    }

    /** All on-demand behind a MixedInstancesPolicy, as the seed's workloads are. */
    private void givenMixedGroup(String name, int desired) {
        givenTemplate(name);
        autoScaling.createAutoScalingGroup(b -> b.autoScalingGroupName(name).minSize(0).maxSize(desired + 2)
                .desiredCapacity(desired).availabilityZones("us-east-1a", "us-east-1b")
                .mixedInstancesPolicy(p -> p
                        .launchTemplate(lt -> lt.launchTemplateSpecification(s -> s.launchTemplateName(name + "-lt")
                                .version("$Latest")).overrides(o -> o.instanceType("m5.large")))
                        .instancesDistribution(d -> d.onDemandBaseCapacity(0).onDemandPercentageAboveBaseCapacity(100)
                                .spotAllocationStrategy("capacity-optimized"))));
    }

    /** One plain launch template, no MixedInstancesPolicy. */
    private void givenPlainGroup(String name, int desired) {
        givenTemplate(name);
        autoScaling.createAutoScalingGroup(b -> b.autoScalingGroupName(name).minSize(0).maxSize(desired + 2)
                .desiredCapacity(desired).availabilityZones("us-east-1a")
                .launchTemplate(s -> s.launchTemplateName(name + "-lt").version("$Latest")));
    }

    private List<Instance> liveInstances() {
        return ec2.describeInstances().reservations().stream().flatMap(r -> r.instances().stream())
                .filter(i -> !List.of("terminated", "shutting-down").contains(i.state().nameAsString())).toList();
    }

    @Test
    void replaceInGroupTerminatesWithoutDecrementingAndTheGroupBackfillsToDesired() {
        // Given a group of 3
        givenMixedGroup("etl", 3);
        String victim = cloud.capacity().describeGroup(Emulated.REGION, "etl").instances().get(0).instanceId();
        // When one instance is replaced inside the group
        GroupReplacement r = cloud.capacity().replaceInGroup(Emulated.REGION, "etl", victim);
        // Then termination was asked for, the group is back at 3 active members without it, and desired stayed 3
        assertThat(r).isEqualTo(new GroupReplacement(victim, GroupReplacement.Outcome.TERMINATION_REQUESTED));
        GroupState after = cloud.capacity().describeGroup(Emulated.REGION, "etl");
        assertThat(after.desired()).isEqualTo(3);
        assertThat(after.instances()).filteredOn(InstanceInfo::isActive).hasSize(3)
                .extracting(InstanceInfo::instanceId).doesNotContain(victim);
        // And nothing runs outside the group: no double capacity
        assertThat(liveInstances()).extracting(Instance::instanceId)
                .containsExactlyInAnyOrderElementsOf(after.instances().stream().map(InstanceInfo::instanceId).toList());
        assertThat(cloud.capacity().describeInstances(Emulated.REGION, List.of(victim))).singleElement()
                .extracting(InstanceInfo::state).isIn("shutting-down", "terminated");
    }

    @Test
    void replaceInGroupReplayedOrMisaimedChangesNothing() {
        // Given a group of 2 with one member already replaced, and an instance outside the group
        givenMixedGroup("etl", 2);
        String victim = cloud.capacity().describeGroup(Emulated.REGION, "etl").instances().get(0).instanceId();
        cloud.capacity().replaceInGroup(Emulated.REGION, "etl", victim);
        String outsider = ec2.runInstances(b -> b.imageId(imageId).minCount(1).maxCount(1).instanceType("c5.large"))
                .instances().get(0).instanceId();
        // When the same replacement is replayed, one is aimed at an unknown id, and one at the outsider
        GroupReplacement replayed = cloud.capacity().replaceInGroup(Emulated.REGION, "etl", victim);
        GroupReplacement unknown = cloud.capacity().replaceInGroup(Emulated.REGION, "etl", "i-0123456789abcdef0");
        GroupReplacement foreign = cloud.capacity().replaceInGroup(Emulated.REGION, "etl", outsider);
        // Then each is reported, none is an error, and the group and the outsider are untouched
        assertThat(replayed.outcome()).isEqualTo(GroupReplacement.Outcome.ALREADY_TERMINATING);
        assertThat(unknown.outcome()).isEqualTo(GroupReplacement.Outcome.GONE);
        assertThat(foreign.outcome()).isEqualTo(GroupReplacement.Outcome.NOT_IN_GROUP);
        assertThat(List.of(replayed, unknown, foreign)).noneMatch(GroupReplacement::requestedNow);
        assertThat(cloud.capacity().describeGroup(Emulated.REGION, "etl").instances()).hasSize(2);
        assertThat(liveInstances()).hasSize(3);
    }

    @Test
    void restoreAfterTwoShareChangesGivesBackTheCapturedConfig() {
        // Given a group captured before Spotshift touches it
        givenMixedGroup("etl", 2);
        GroupConfig before = cloud.capacity().captureConfig(Emulated.REGION, "etl");
        // When the share is changed twice (once with a spot price cap) and its sizes once
        cloud.capacity().setSpotShare(Emulated.REGION, "etl", new SpotShare(0, 50, SpotShare.PRICE_CAPACITY_OPTIMIZED,
                M5, "0.05"));
        assertThat(cloud.capacity().describeGroup(Emulated.REGION, "etl").spotMaxPrice()).isEqualTo("0.05");
        cloud.capacity().setSpotShare(Emulated.REGION, "etl", new SpotShare(1, 0, SpotShare.CAPACITY_OPTIMIZED,
                List.of("m5n.large", "m5.large")));
        cloud.capacity().applyScalingRules(Emulated.REGION, "etl", ScalingRules.seed001());
        GroupConfig changed = cloud.capacity().captureConfig(Emulated.REGION, "etl");
        // (a sizes-only update keeps the policy: moto would drop it had it not been resent)
        assertThat(changed.mixedInstancesPolicy()).isTrue();
        assertThat(changed.instanceTypes()).containsExactly("m5n.large", "m5.large");
        assertThat(changed).isNotEqualTo(before);
        // And the group is restored
        boolean restored = cloud.capacity().restoreConfig(Emulated.REGION, "etl", before);
        // Then describing it gives exactly what was captured
        assertThat(restored).isTrue();
        assertThat(cloud.capacity().captureConfig(Emulated.REGION, "etl")).isEqualTo(before);
        GroupState g = cloud.capacity().describeGroup(Emulated.REGION, "etl");
        assertThat(List.of(g.min(), g.max(), g.desired(), g.onDemandBase(), g.onDemandPercentAboveBase()))
                .containsExactly(0, 4, 2, 0, 100);
        assertThat(g.instanceTypes()).containsExactly("m5.large");
        assertThat(g.spotMaxPrice()).isNull();
        // And a restore repeated after a crash changes nothing
        assertThat(cloud.capacity().restoreConfig(Emulated.REGION, "etl", before)).isFalse();
    }

    @Test
    void restoringAPlainTemplateGroupRemovesTheMixedPolicySpotshiftAdded() {
        // Given a group with one plain launch template, captured, then given a mixed policy by a share change
        givenPlainGroup("reports", 1);
        GroupConfig before = cloud.capacity().captureConfig(Emulated.REGION, "reports");
        assertThat(before.mixedInstancesPolicy()).isFalse();
        assertThat(before.launchTemplate().name()).isEqualTo("reports-lt");
        cloud.capacity().setSpotShare(Emulated.REGION, "reports", new SpotShare(0, 0, SpotShare.CAPACITY_OPTIMIZED, M5));
        assertThat(cloud.capacity().captureConfig(Emulated.REGION, "reports").mixedInstancesPolicy()).isTrue();
        // When it is restored
        assertThat(cloud.capacity().restoreConfig(Emulated.REGION, "reports", before)).isTrue();
        // Then it runs its plain template again, without a mixed policy
        assertThat(cloud.capacity().captureConfig(Emulated.REGION, "reports")).isEqualTo(before);
        assertThat(autoScaling.describeAutoScalingGroups(b -> b.autoScalingGroupNames("reports")).autoScalingGroups()
                .get(0).mixedInstancesPolicy()).isNull();
    }
}
