package dev.spotshift.cloud.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.cloud.CapacityManager;
import dev.spotshift.cloud.GroupConfig;
import dev.spotshift.cloud.GroupReplacement;
import dev.spotshift.cloud.GroupState;
import dev.spotshift.cloud.InstanceInfo;
import dev.spotshift.cloud.LaunchRequest;
import dev.spotshift.cloud.Lifecycle;
import dev.spotshift.cloud.ScalingRules;
import dev.spotshift.cloud.SpotShare;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulated fleet honours what the AWS side does for safe actuation: tokens, deployments, replace, restore. */
class SimulatedActuationTest {

    private static final Instant START = Instant.parse("2025-03-01T00:00:00Z");
    private static final String REGION = "us-east-1";
    private static final List<String> M5 = List.of("m5.large", "m5a.large", "m5n.large");

    private final SimClock clock = new SimClock(START);
    private final SimulatedCloud cloud = new SimulatedCloud(42, clock);
    private final SimulatedFleet fleet = cloud.capacity();

    private static LaunchRequest request(Lifecycle lifecycle, String token, String deploymentId) {
        return new LaunchRequest(REGION, null, M5, lifecycle, "p-1", Map.of(), token, deploymentId);
    }

    private long launches() {
        return fleet.calls().stream().filter(c -> c.operation().equals("ec2:RunInstances")
                && !c.detail().contains("replayed")).count();
    }

    @Test
    void launchReplayedWithSameTokenReturnsTheSameInstance() {
        // Given a spot launch for command c-1
        InstanceInfo first = fleet.launch(request(Lifecycle.SPOT, "c-1", "dep-a"));
        // When the same command is replayed a minute later, even as on-demand
        clock.advance(Duration.ofMinutes(1));
        InstanceInfo replayed = fleet.launch(request(Lifecycle.ON_DEMAND, "c-1", "dep-a"));
        // Then the first instance comes back, and only one launch happened
        assertThat(replayed).isEqualTo(first);
        assertThat(first.tags()).containsEntry(CapacityManager.LAUNCH_TOKEN_TAG, "c-1");
        assertThat(fleet.ownedInstances(REGION)).hasSize(1);
        assertThat(launches()).isEqualTo(1);
    }

    @Test
    void launchTokenSurvivesARestartIntoTheSharedWorld(@TempDir Path dir) {
        // Given a launch made by a process sharing its world
        InstanceInfo first = new SimulatedCloud(42, clock).shareWorld(dir).capacity()
                .launch(request(Lifecycle.SPOT, "c-7", null));
        // When a restarted process replays the command
        InstanceInfo replayed = new SimulatedCloud(42, clock).shareWorld(dir).capacity()
                .launch(request(Lifecycle.SPOT, "c-7", null));
        // Then it finds the instance the first one launched
        assertThat(replayed.instanceId()).isEqualTo(first.instanceId());
    }

    @Test
    void ownedInstancesOfADeploymentAreItsSpotAndOnDemandOnesNotTerminated() {
        InstanceInfo spot = fleet.launch(request(Lifecycle.SPOT, "a-1", "dep-a"));
        InstanceInfo onDemand = fleet.launch(request(Lifecycle.ON_DEMAND, "a-2", "dep-a"));
        fleet.launch(request(Lifecycle.SPOT, "b-1", "dep-b"));
        InstanceInfo gone = fleet.launch(request(Lifecycle.SPOT, "a-3", "dep-a"));
        fleet.terminate(REGION, gone.instanceId());
        fleet.createGroup(REGION, "etl", 1, 2, 2, new SpotShare(0, 100, SpotShare.CAPACITY_OPTIMIZED, M5));

        assertThat(fleet.ownedInstances(REGION, "dep-a")).extracting(InstanceInfo::instanceId)
                .containsExactlyInAnyOrder(spot.instanceId(), onDemand.instanceId());
        assertThat(fleet.ownedInstances(REGION, "dep-a")).allSatisfy(i -> assertThat(i.tags())
                .containsEntry(CapacityManager.DEPLOYMENT_TAG, "dep-a").containsEntry(CapacityManager.OWNER_TAG, "p-1"));
        assertThat(fleet.ownedInstances(REGION, "dep-b")).hasSize(1);
        assertThat(fleet.ownedInstances(REGION)).hasSize(3);
    }

    @Test
    void replaceInGroupTerminatesWithoutDecrementingAndTheGroupBackfillsPerItsDistribution() {
        // Given a group of 4 at half spot
        fleet.createGroup(REGION, "etl", 1, 4, 4, new SpotShare(0, 50, SpotShare.CAPACITY_OPTIMIZED, M5));
        InstanceInfo victim = fleet.describeGroup(REGION, "etl").instances().stream()
                .filter(i -> i.lifecycle() == Lifecycle.SPOT).findFirst().orElseThrow();
        // When one spot member is replaced inside the group
        GroupReplacement r = fleet.replaceInGroup(REGION, "etl", victim.instanceId());
        // Then it is terminated and the group is back at 4, still 2 on-demand and 2 spot, desired unchanged
        assertThat(r.requestedNow()).isTrue();
        GroupState g = fleet.describeGroup(REGION, "etl");
        assertThat(g.desired()).isEqualTo(4);
        assertThat(g.instances()).hasSize(4).extracting(InstanceInfo::instanceId).doesNotContain(victim.instanceId());
        assertThat(g.activeCount(Lifecycle.ON_DEMAND)).isEqualTo(2);
        assertThat(g.activeCount(Lifecycle.SPOT)).isEqualTo(2);
        assertThat(fleet.describeInstances(REGION, List.of(victim.instanceId()))).singleElement()
                .extracting(InstanceInfo::state).isEqualTo("terminated");
    }

    @Test
    void replaceInGroupReplayedOrMisaimedChangesNothing() {
        fleet.createGroup(REGION, "etl", 1, 2, 2, new SpotShare(0, 100, SpotShare.CAPACITY_OPTIMIZED, M5));
        String victim = fleet.describeGroup(REGION, "etl").instances().get(0).instanceId();
        fleet.replaceInGroup(REGION, "etl", victim);
        InstanceInfo outsider = fleet.launch(request(Lifecycle.ON_DEMAND, "o-1", null));
        List<String> members = fleet.describeGroup(REGION, "etl").instances().stream().map(InstanceInfo::instanceId).toList();

        assertThat(fleet.replaceInGroup(REGION, "etl", victim).outcome())
                .isEqualTo(GroupReplacement.Outcome.ALREADY_TERMINATING);
        assertThat(fleet.replaceInGroup(REGION, "etl", "i-0000000000000000").outcome())
                .isEqualTo(GroupReplacement.Outcome.GONE);
        assertThat(fleet.replaceInGroup(REGION, "etl", outsider.instanceId()).outcome())
                .isEqualTo(GroupReplacement.Outcome.NOT_IN_GROUP);
        assertThat(fleet.describeGroup(REGION, "etl").instances()).extracting(InstanceInfo::instanceId)
                .containsExactlyElementsOf(members);
        assertThat(fleet.describeInstances(REGION, List.of(outsider.instanceId())).get(0).isActive()).isTrue();
    }

    @Test
    void restoreAfterTwoShareChangesGivesBackTheCapturedConfig() {
        // Given a group captured before Spotshift touches it
        fleet.createGroup(REGION, "etl", 1, 4, 3, new SpotShare(0, 100, SpotShare.CAPACITY_OPTIMIZED, M5));
        GroupConfig before = fleet.captureConfig(REGION, "etl");
        // When the share changes twice (once with a price cap, which the fleet records) and the sizes once
        fleet.setSpotShare(REGION, "etl", new SpotShare(0, 50, SpotShare.PRICE_CAPACITY_OPTIMIZED, M5, "0.05"));
        assertThat(fleet.describeGroup(REGION, "etl").spotMaxPrice()).isEqualTo("0.05");
        fleet.setSpotShare(REGION, "etl", new SpotShare(1, 0, SpotShare.CAPACITY_OPTIMIZED, List.of("m5n.large")));
        fleet.applyScalingRules(REGION, "etl", ScalingRules.seed001());
        // And it is restored
        assertThat(fleet.restoreConfig(REGION, "etl", before)).isTrue();
        // Then it reads back as captured, its instances follow (all on-demand again), and a replay changes nothing
        assertThat(fleet.captureConfig(REGION, "etl")).isEqualTo(before);
        GroupState g = fleet.describeGroup(REGION, "etl");
        assertThat(g.activeCount(Lifecycle.ON_DEMAND)).isEqualTo(3);
        assertThat(g.activeCount(Lifecycle.SPOT)).isZero();
        assertThat(g.spotMaxPrice()).isNull();
        assertThat(fleet.restoreConfig(REGION, "etl", before)).isFalse();
    }

    @Test
    void spotMaxPriceSurvivesTheSharedWorldFile(@TempDir Path dir) {
        new SimulatedCloud(42, clock).shareWorld(dir).capacity().createGroup(REGION, "etl", 1, 2, 2,
                new SpotShare(0, 0, SpotShare.CAPACITY_OPTIMIZED, M5, "0.031"));
        assertThat(new SimulatedCloud(42, clock).shareWorld(dir).capacity().describeGroup(REGION, "etl").spotMaxPrice())
                .isEqualTo("0.031");
    }

    @Test
    void hasNoBreakers() {
        assertThat(cloud.breakers()).isEmpty();
    }
}
