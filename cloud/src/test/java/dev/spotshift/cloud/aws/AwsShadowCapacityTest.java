package dev.spotshift.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.cloud.CapacityManager;
import dev.spotshift.cloud.InstanceInfo;
import dev.spotshift.cloud.LaunchRequest;
import dev.spotshift.cloud.Lifecycle;
import dev.spotshift.cloud.ShadowCapacity;
import dev.spotshift.cloud.testing.Moto;
import dev.spotshift.cloud.testing.MotoExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceLifecycleType;
import software.amazon.awssdk.services.ec2.model.Tag;

/** Seed 000's shadow capacity on (moto's) EC2: launched tagged and idempotently, removed to the last instance. */
@ExtendWith(MotoExtension.class)
class AwsShadowCapacityTest {

    private static final List<String> M5 = List.of("m5.large", "m5a.large", "m5n.large");
    private static final String COMMAND = "nightly-etl-pilot-7f3a:shadow-launch:1700000000000";

    private AwsCloud cloud;
    private ShadowCapacity shadow;
    private Ec2Client ec2;

    @BeforeEach
    void startCloud(Moto moto) {
        ec2 = Ec2Client.builder().endpointOverride(moto.endpoint()).region(Emulated.region())
                .credentialsProvider(Emulated.credentials()).build();
        Map<String, String> config = Emulated.config(moto.endpoint());
        config.put(AwsConfig.IMAGE_ID, ec2.describeImages().images().get(0).imageId());
        cloud = Emulated.cloud(config);
        shadow = new ShadowCapacity(cloud.capacity());
    }

    @AfterEach
    void closeClients() {
        cloud.close();
        ec2.close();
    }

    private static ShadowCapacity.Launch launch(String planId, String commandId, int count) {
        return new ShadowCapacity.Launch(Emulated.REGION, planId, M5, count, commandId, "dep-a");
    }

    private List<Instance> liveInstances() {
        return ec2.describeInstances().reservations().stream().flatMap(r -> r.instances().stream())
                .filter(i -> "running".equals(i.state().nameAsString()) || "pending".equals(i.state().nameAsString()))
                .toList();
    }

    private static Map<String, String> tags(Instance i) {
        return i.tags().stream().collect(java.util.stream.Collectors.toMap(Tag::key, Tag::value));
    }

    @Test
    void givenAShadowRunWhenItsCapacityIsLaunchedThenSpotInstancesCarryThePlanDeploymentAndShadowRoleTags() {
        // When plan p-1's shadow run launches its target capacity of two
        List<InstanceInfo> launched = shadow.launch(launch("p-1", COMMAND, 2));
        // Then two spot instances run on EC2, tagged like every Spotshift launch and as shadow capacity
        assertThat(launched).hasSize(2).extracting(InstanceInfo::instanceId).doesNotHaveDuplicates();
        assertThat(liveInstances()).hasSize(2).allSatisfy(i -> {
            assertThat(i.instanceLifecycle()).isEqualTo(InstanceLifecycleType.SPOT);
            assertThat(M5).contains(i.instanceTypeAsString());
            assertThat(tags(i)).containsEntry(CapacityManager.OWNER_TAG, "p-1")
                    .containsEntry(CapacityManager.DEPLOYMENT_TAG, "dep-a")
                    .containsEntry(ShadowCapacity.ROLE_TAG, ShadowCapacity.SHADOW_ROLE)
                    .containsKey(CapacityManager.LAUNCH_TOKEN_TAG);
        });
        // And the reaper's view of owned capacity sees them, like any other
        assertThat(cloud.capacity().ownedInstances(Emulated.REGION, "dep-a")).hasSize(2);
    }

    @Test
    void givenALaunchedShadowRunWhenTheSameCommandIsReplayedThenTheSameInstancesComeBackAndNothingElseIsLaunched() {
        List<InstanceInfo> first = shadow.launch(launch("p-1", COMMAND, 2));
        // When the executor crashes and replays the command
        List<InstanceInfo> replayed = shadow.launch(launch("p-1", COMMAND, 2));
        // Then nothing new runs
        assertThat(replayed).extracting(InstanceInfo::instanceId)
                .containsExactlyElementsOf(first.stream().map(InstanceInfo::instanceId).toList());
        assertThat(liveInstances()).hasSize(2);
    }

    @Test
    void givenAShadowRunBesideServingCapacityWhenItEndsThenOnlyItsShadowInstancesAreTerminatedAndARepeatDoesNothing() {
        // Given p-1's two shadow instances, p-1's serving replacement, and p-2's shadow instance
        List<InstanceInfo> mine = shadow.launch(launch("p-1", COMMAND, 2));
        InstanceInfo serving = cloud.capacity().launch(new LaunchRequest(Emulated.REGION, null, M5, Lifecycle.SPOT,
                "p-1", Map.of(), "replacement-1", "dep-a"));
        InstanceInfo other = shadow.launch(launch("p-2", "p-2:shadow-launch:1", 1)).get(0);
        // When p-1's shadow run ends
        List<InstanceInfo> removed = shadow.remove(Emulated.REGION, "p-1");
        // Then exactly its shadow instances were terminated: read back from EC2, none of them is left
        assertThat(removed).extracting(InstanceInfo::instanceId)
                .containsExactlyInAnyOrderElementsOf(mine.stream().map(InstanceInfo::instanceId).toList());
        assertThat(shadow.instances(Emulated.REGION, "p-1")).isEmpty();
        assertThat(liveInstances()).extracting(Instance::instanceId)
                .containsExactlyInAnyOrder(serving.instanceId(), other.instanceId());
        // And a repeat (after a crash) finds nothing to terminate
        assertThat(shadow.remove(Emulated.REGION, "p-1")).isEmpty();
        assertThat(liveInstances()).hasSize(2);
    }
}
