package dev.spotshift.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.cloud.CapacityManager;
import dev.spotshift.cloud.InstanceInfo;
import dev.spotshift.cloud.LaunchRequest;
import dev.spotshift.cloud.Lifecycle;
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

/** A launch command replayed after a crash launches nothing twice; instances carry their deployment. */
@ExtendWith(MotoExtension.class)
class AwsLaunchIdempotencyTest {

    private static final List<String> M5 = List.of("m5.large", "m5a.large");

    private AwsCloud cloud;
    private Ec2Client ec2;
    private String imageId;

    @BeforeEach
    void startCloud(Moto moto) {
        ec2 = Ec2Client.builder().endpointOverride(moto.endpoint()).region(Emulated.region())
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
    }

    private static LaunchRequest request(Lifecycle lifecycle, String token, String deploymentId) {
        return new LaunchRequest(Emulated.REGION, null, M5, lifecycle, "p-1", Map.of(), token, deploymentId);
    }

    private List<Instance> allInstances() {
        return ec2.describeInstances().reservations().stream().flatMap(r -> r.instances().stream()).toList();
    }

    @Test
    void motoIgnoresARepeatedClientTokenSoTheLauncherLooksItsTagUpFirst() {
        // Documents the emulator: EC2 would return the first reservation, moto launches a second instance.
        for (int n = 0; n < 2; n++) {
            ec2.runInstances(b -> b.imageId(imageId).minCount(1).maxCount(1).instanceType("m5.large").clientToken("same"));
        }
        assertThat(allInstances()).hasSize(2);
    }

    @Test
    void launchReplayedWithSameTokenReturnsTheSameInstance() {
        // Given a spot launch for command c-1
        InstanceInfo first = cloud.capacity().launch(request(Lifecycle.SPOT, "c-1", "dep-a"));
        // When the executor crashes and replays the same command
        InstanceInfo replayed = cloud.capacity().launch(request(Lifecycle.SPOT, "c-1", "dep-a"));
        // Then the first instance comes back and nothing else was launched
        assertThat(replayed.instanceId()).isEqualTo(first.instanceId());
        assertThat(allInstances()).singleElement().satisfies(i -> assertThat(i.tags())
                .anySatisfy(t -> assertThat(t.key() + "=" + t.value())
                        .isEqualTo(CapacityManager.LAUNCH_TOKEN_TAG + "=c-1")));
        // And a different command launches its own
        assertThat(cloud.capacity().launch(request(Lifecycle.SPOT, "c-2", "dep-a")).instanceId())
                .isNotEqualTo(first.instanceId());
        assertThat(allInstances()).hasSize(2);
    }

    @Test
    void onDemandFallbackReplayedAsSpotFindsTheReplacementAlreadyLaunched() {
        // Given a command whose spot attempt failed and whose on-demand fallback launched
        InstanceInfo onDemand = cloud.capacity().launch(request(Lifecycle.ON_DEMAND, "c-9", null));
        // When the command is replayed from its first step (spot)
        InstanceInfo replayed = cloud.capacity().launch(request(Lifecycle.SPOT, "c-9", null));
        // Then the one replacement of that command is the answer
        assertThat(replayed.instanceId()).isEqualTo(onDemand.instanceId());
        assertThat(replayed.lifecycle()).isEqualTo(Lifecycle.ON_DEMAND);
        assertThat(allInstances()).hasSize(1);
    }

    @Test
    void ownedInstancesOfADeploymentAreItsSpotAndOnDemandOnesNotTerminated() {
        // Given two instances of deployment a (spot, on-demand), one of b, one of a terminated, one not ours
        InstanceInfo spot = cloud.capacity().launch(request(Lifecycle.SPOT, "a-1", "dep-a"));
        InstanceInfo onDemand = cloud.capacity().launch(request(Lifecycle.ON_DEMAND, "a-2", "dep-a"));
        InstanceInfo other = cloud.capacity().launch(request(Lifecycle.SPOT, "b-1", "dep-b"));
        InstanceInfo gone = cloud.capacity().launch(request(Lifecycle.SPOT, "a-3", "dep-a"));
        cloud.capacity().terminate(Emulated.REGION, gone.instanceId());
        ec2.runInstances(b -> b.imageId(imageId).minCount(1).maxCount(1).instanceType("c5.large"));
        // When deployment a asks for what it owns
        List<InstanceInfo> owned = cloud.capacity().ownedInstances(Emulated.REGION, "dep-a");
        // Then it gets exactly its live two, tagged with plan and deployment
        assertThat(owned).extracting(InstanceInfo::instanceId)
                .containsExactlyInAnyOrder(spot.instanceId(), onDemand.instanceId());
        assertThat(owned).allSatisfy(i -> assertThat(i.tags()).containsEntry(CapacityManager.DEPLOYMENT_TAG, "dep-a")
                .containsEntry(CapacityManager.OWNER_TAG, "p-1"));
        assertThat(cloud.capacity().ownedInstances(Emulated.REGION, "dep-b")).extracting(InstanceInfo::instanceId)
                .containsExactly(other.instanceId());
        // And the reaper's view across deployments still sees all three live ones
        assertThat(cloud.capacity().ownedInstances(Emulated.REGION)).hasSize(3);
    }

    @Test
    void ec2TokenIsTheSamePerRequestAndTypeAndFitsEc2sLimit() {
        LaunchRequest r = request(Lifecycle.SPOT, "x".repeat(64), null);
        assertThat(Ec2Launcher.ec2Token(r, "m5.large")).hasSize(64).isEqualTo(Ec2Launcher.ec2Token(r, "m5.large"))
                .isNotEqualTo(Ec2Launcher.ec2Token(r, "m5a.large"));
    }
}
