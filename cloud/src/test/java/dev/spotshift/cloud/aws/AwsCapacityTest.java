package dev.spotshift.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotshift.cloud.CapacityManager;
import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.GroupState;
import dev.spotshift.cloud.InstanceInfo;
import dev.spotshift.cloud.LaunchRequest;
import dev.spotshift.cloud.Lifecycle;
import dev.spotshift.cloud.ScalingRules;
import dev.spotshift.cloud.SpotShare;
import dev.spotshift.cloud.testing.Moto;
import dev.spotshift.cloud.testing.MotoExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.ec2.Ec2Client;

@ExtendWith(MotoExtension.class)
class AwsCapacityTest {

    private static final List<String> M5 = List.of("m5.large", "m5a.large", "m5n.large");

    private Moto moto;
    private AwsCloud cloud;
    private Ec2Client ec2;
    private AutoScalingClient autoScaling;
    private String imageId;

    @BeforeEach
    void startCloud(Moto moto) {
        this.moto = moto;
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

    /** A group as an operator would have it before Spotshift: a launch template and all on-demand. */
    private void givenGroup(String name, int desired) {
        ec2.createLaunchTemplate(b -> b.launchTemplateName(name + "-lt")
                .launchTemplateData(d -> d.imageId(imageId).instanceType("m5.large")));
        autoScaling.createAutoScalingGroup(b -> b.autoScalingGroupName(name).minSize(0).maxSize(desired)
                .desiredCapacity(desired).availabilityZones("us-east-1a", "us-east-1b")
                .mixedInstancesPolicy(p -> p
                        .launchTemplate(lt -> lt.launchTemplateSpecification(s -> s.launchTemplateName(name + "-lt")
                                .version("$Latest")).overrides(o -> o.instanceType("m5.large")))
                        .instancesDistribution(d -> d.onDemandBaseCapacity(0).onDemandPercentageAboveBaseCapacity(100)
                                .spotAllocationStrategy("capacity-optimized"))));
    }

    @Test
    void readsBackEachSpotShareStepFromTheGroup() {
        // Given an all on-demand group of 4
        givenGroup("etl", 4);
        // When the on-demand share is stepped 100 -> 75 -> 50 -> 25 -> 0 with the three m5 types
        List<String> seen = new ArrayList<>();
        for (int percent : new int[] {100, 75, 50, 25, 0}) {
            cloud.capacity().setSpotShare(Emulated.REGION, "etl",
                    new SpotShare(0, percent, SpotShare.PRICE_CAPACITY_OPTIMIZED, M5));
            GroupState g = cloud.capacity().describeGroup(Emulated.REGION, "etl");
            seen.add(g.onDemandPercentAboveBase() + " " + g.allocationStrategy() + " " + g.instanceTypes());
        }
        // Then each whole policy is what DescribeAutoScalingGroups gives back
        assertThat(seen).containsExactly(
                "100 price-capacity-optimized [m5.large, m5a.large, m5n.large]",
                "75 price-capacity-optimized [m5.large, m5a.large, m5n.large]",
                "50 price-capacity-optimized [m5.large, m5a.large, m5n.large]",
                "25 price-capacity-optimized [m5.large, m5a.large, m5n.large]",
                "0 price-capacity-optimized [m5.large, m5a.large, m5n.large]");
        GroupState last = cloud.capacity().describeGroup(Emulated.REGION, "etl");
        assertThat(last.desired()).isEqualTo(4);
        assertThat(last.instances()).hasSize(4).allSatisfy(i -> assertThat(i.state()).isIn("pending", "running"));
        assertThat(cloud.capacity().listGroups(Emulated.REGION)).extracting(GroupState::name).containsExactly("etl");
    }

    @Test
    void findsALaunchedSpotReplacementByItsOwnershipTagUntilTerminated() {
        // Given a spot replacement launched for plan p-7 in us-east-1b
        InstanceInfo launched = cloud.capacity().launch(new LaunchRequest(Emulated.REGION, "us-east-1b", M5,
                Lifecycle.SPOT, "p-7", Map.of("workload", "nightly_etl_batch"), "cmd-p-7", null));
        // And an instance Spotshift does not own
        ec2.runInstances(b -> b.imageId(imageId).minCount(1).maxCount(1).instanceType("c5.large"));
        // When the reaper asks for owned instances
        List<InstanceInfo> owned = cloud.capacity().ownedInstances(Emulated.REGION);
        // Then only the replacement is there, spot, tagged, in its zone
        assertThat(owned).singleElement().satisfies(i -> {
            assertThat(i.instanceId()).isEqualTo(launched.instanceId());
            assertThat(i.lifecycle()).isEqualTo(Lifecycle.SPOT);
            assertThat(i.instanceType()).isEqualTo("m5.large");
            assertThat(i.availabilityZone()).isEqualTo("us-east-1b");
            assertThat(i.tags()).containsEntry(CapacityManager.OWNER_TAG, "p-7").containsEntry("workload", "nightly_etl_batch");
        });
        // And once terminated it leaves the owned list
        cloud.capacity().terminate(Emulated.REGION, launched.instanceId());
        assertThat(cloud.capacity().ownedInstances(Emulated.REGION)).isEmpty();
        assertThat(cloud.capacity().describeInstances(Emulated.REGION, List.of(launched.instanceId())))
                .singleElement().extracting(InstanceInfo::state).isIn("shutting-down", "terminated");
    }

    @Test
    void installsTheSeedScalingRulesAsStepPoliciesWithCpuAlarms() {
        givenGroup("reports", 1);
        cloud.capacity().applyScalingRules(Emulated.REGION, "reports", ScalingRules.seed001());

        GroupState g = cloud.capacity().describeGroup(Emulated.REGION, "reports");
        assertThat(g.min()).isEqualTo(1);
        assertThat(g.max()).isEqualTo(2);
        List<ScalingPolicy> policies = autoScaling.describePolicies(b -> b.autoScalingGroupName("reports")).scalingPolicies();
        assertThat(policies).extracting(ScalingPolicy::policyName)
                .containsExactlyInAnyOrder(ScalingPolicies.SCALE_OUT, ScalingPolicies.SCALE_IN);
        // Read back through the pinned Query-protocol CloudWatch client: moto must understand it.
        try (CloudWatchClient cw = CloudWatchClient.builder().endpointOverride(moto.endpoint()).region(Emulated.region())
                .credentialsProvider(Emulated.credentials()).build()) {
            List<MetricAlarm> alarms = cw.describeAlarms(b -> b.alarmNamePrefix("reports-")).metricAlarms();
            assertThat(alarms).extracting(MetricAlarm::alarmName, MetricAlarm::threshold, MetricAlarm::evaluationPeriods)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("reports-spotshift-scale-out-cpu", 75.0, 10),
                            org.assertj.core.groups.Tuple.tuple("reports-spotshift-scale-in-cpu", 30.0, 20));
        }
    }

    @Test
    void answersOnDemandAvailabilityForOfferedTypesOnly() {
        assertThat(cloud.capacity().onDemandCapacityAvailable(Emulated.REGION, "m5.large", 1)).isTrue();
        assertThat(cloud.capacity().onDemandCapacityAvailable(Emulated.REGION, "x9.huge", 1)).isFalse();
    }

    @Test
    void namesAMissingGroup() {
        assertThatThrownBy(() -> cloud.capacity().describeGroup(Emulated.REGION, "ghost"))
                .isInstanceOf(CloudException.class).hasMessageContaining("'ghost'")
                .extracting(e -> ((CloudException) e).kind()).isEqualTo(CloudException.Kind.NOT_FOUND);
    }
}
