package dev.spotshift.cloud.sim;

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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatedFleetTest {

    private static final Instant START = Instant.parse("2025-03-01T00:00:00Z");
    private static final String REGION = "us-east-1";
    private static final List<String> M5 = List.of("m5.large", "m5a.large", "m5n.large");

    private final SimClock clock = new SimClock(START);
    private final SimulatedCloud cloud = new SimulatedCloud(42, clock);
    private final SimulatedFleet fleet = cloud.capacity();

    private static SpotShare onDemandPercent(int percent) {
        return new SpotShare(0, percent, SpotShare.CAPACITY_OPTIMIZED, M5);
    }

    @Test
    void movesLifecycleCountsWithTheSpotShareStepByStep() {
        // Given a group of 4 all on-demand
        fleet.createGroup(REGION, "etl", 1, 4, 4, onDemandPercent(100));
        // When the on-demand share is stepped down 100 -> 75 -> 50 -> 25 -> 0
        StringBuilder seen = new StringBuilder();
        for (int percent : new int[] {100, 75, 50, 25, 0}) {
            fleet.setSpotShare(REGION, "etl", onDemandPercent(percent));
            GroupState g = fleet.describeGroup(REGION, "etl");
            seen.append(g.onDemandPercentAboveBase()).append(':').append(g.activeCount(Lifecycle.ON_DEMAND))
                    .append('/').append(g.activeCount(Lifecycle.SPOT)).append(' ');
        }
        // Then the group holds 4, 3, 2, 1, 0 on-demand instances and spot makes up the rest
        assertThat(seen.toString().trim()).isEqualTo("100:4/0 75:3/1 50:2/2 25:1/3 0:0/4");
    }

    @Test
    void manyGroupsShiftedSideBySideEachDescribeOnlyTheirOwnRunningInstancesInLaunchOrder() {
        // Given 50 groups of 2 in one region (the fleet indexes members per group and keeps terminated ones aside)
        for (int g = 0; g < 50; g++) {
            fleet.createGroup(REGION, "g" + g, 1, 2, 2, onDemandPercent(100));
        }
        // When every group steps to spot and back twice, interleaved, and one instance is terminated under a group
        for (int round = 0; round < 2; round++) {
            for (int percent : new int[] {50, 0, 100}) {
                for (int g = 0; g < 50; g++) {
                    fleet.setSpotShare(REGION, "g" + g, onDemandPercent(percent));
                }
            }
        }
        fleet.setSpotShare(REGION, "g7", onDemandPercent(0));
        String victim = fleet.describeGroup(REGION, "g7").instances().get(0).instanceId();
        fleet.terminate(REGION, victim);
        // Then each group lists exactly its 2 running instances, oldest first, with the share it was given
        for (int g = 0; g < 50; g++) {
            GroupState state = fleet.describeGroup(REGION, "g" + g);
            assertThat(state.instances()).hasSize(2).allMatch(i -> i.state().equals("running"));
            assertThat(state.instances()).extracting(InstanceInfo::launchedAt).isSorted();
            assertThat(state.activeCount(Lifecycle.ON_DEMAND)).isEqualTo(g == 7 ? 0 : 2);
        }
        assertThat(fleet.describeGroup(REGION, "g7").instances()).extracting(InstanceInfo::instanceId)
                .doesNotContain(victim);
        // And the one terminated is still describable, as terminated
        assertThat(fleet.describeInstances(REGION, List.of(victim))).singleElement()
                .extracting(InstanceInfo::state).isEqualTo("terminated");
    }

    @Test
    void keepsTheOnDemandBaseAndRoundsTheShareAboveItUp() {
        fleet.createGroup(REGION, "etl", 1, 5, 5, new SpotShare(1, 50, SpotShare.PRICE_CAPACITY_OPTIMIZED, M5));
        GroupState g = fleet.describeGroup(REGION, "etl");
        assertThat(g.activeCount(Lifecycle.ON_DEMAND)).isEqualTo(3); // 1 base + ceil(4 * 50 %)
        assertThat(g.activeCount(Lifecycle.SPOT)).isEqualTo(2);
    }

    @Test
    void recordsEveryCapacityCallWithItsSimulatedTime() {
        fleet.createGroup(REGION, "etl", 1, 2, 2, onDemandPercent(100));
        clock.advance(Duration.ofSeconds(90));
        fleet.setSpotShare(REGION, "etl", onDemandPercent(50));
        clock.advance(Duration.ofSeconds(30));
        fleet.applyScalingRules(REGION, "etl", ScalingRules.seed001());

        assertThat(fleet.calls()).extracting(CapacityCall::at, CapacityCall::operation, CapacityCall::target)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(START.plusSeconds(90), "autoscaling:UpdateAutoScalingGroup", "etl"),
                        org.assertj.core.groups.Tuple.tuple(START.plusSeconds(120), "autoscaling:PutScalingPolicy", "etl"));
        assertThat(fleet.scalingRules(REGION, "etl")).contains(ScalingRules.seed001());
    }

    @Test
    void findsALaunchedReplacementByItsOwnershipTag() {
        // Given a spot replacement launched for plan p-1
        InstanceInfo launched = fleet.launch(new LaunchRequest(REGION, "us-east-1c", M5, Lifecycle.SPOT, "p-1",
                Map.of("workload", "nightly_etl_batch"), "cmd-1", null));
        // When the reaper lists owned instances
        List<InstanceInfo> owned = fleet.ownedInstances(REGION);
        // Then it is there, tagged, spot, in the requested zone
        assertThat(owned).singleElement().satisfies(i -> {
            assertThat(i.instanceId()).isEqualTo(launched.instanceId()).startsWith("i-0");
            assertThat(i.tags()).containsEntry(CapacityManager.OWNER_TAG, "p-1").containsEntry("workload", "nightly_etl_batch");
            assertThat(i.lifecycle()).isEqualTo(Lifecycle.SPOT);
            assertThat(i.availabilityZone()).isEqualTo("us-east-1c");
        });
        // And after terminate it is gone from the owned list but still describable as terminated
        fleet.terminate(REGION, launched.instanceId());
        assertThat(fleet.ownedInstances(REGION)).isEmpty();
        assertThat(fleet.describeInstances(REGION, List.of(launched.instanceId())))
                .singleElement().extracting(InstanceInfo::state).isEqualTo("terminated");
    }

    @Test
    void failsOnDemandLaunchesAndCapacityChecksDuringAShortage() {
        // Given no on-demand m5.large anywhere in the region for 10 minutes
        cloud.onDemandShortage(REGION, "m5.large", null, START, START.plus(Duration.ofMinutes(10)));
        // Then the failback check says no, and an on-demand launch of only that type fails naming it
        assertThat(fleet.onDemandCapacityAvailable(REGION, "m5.large", 1)).isFalse();
        assertThat(fleet.onDemandCapacityAvailable(REGION, "m5a.large", 1)).isTrue();
        assertThatThrownBy(() -> fleet.launch(new LaunchRequest(REGION, null, List.of("m5.large"), Lifecycle.ON_DEMAND,
                "p-1", Map.of(), "cmd-2", null)))
                .isInstanceOf(CloudException.class).hasMessageContaining("m5.large")
                .extracting(e -> ((CloudException) e).kind()).isEqualTo(CloudException.Kind.INSUFFICIENT_CAPACITY);
        // And a list of types falls through to the next one with capacity
        assertThat(fleet.launch(new LaunchRequest(REGION, null, M5, Lifecycle.ON_DEMAND, "p-1", Map.of(), "cmd-3", null)).instanceType())
                .isEqualTo("m5a.large");
        // And once the shortage ends the type is available again
        clock.advance(Duration.ofMinutes(10));
        assertThat(fleet.onDemandCapacityAvailable(REGION, "m5.large", 1)).isTrue();
    }

    @Test
    void replacesAGroupInstanceTerminatedUnderIt() {
        GroupState g = fleet.createGroup(REGION, "etl", 2, 2, 2, onDemandPercent(0));
        String victim = g.instances().get(0).instanceId();
        fleet.terminate(REGION, victim);
        GroupState after = fleet.describeGroup(REGION, "etl");
        assertThat(after.instances()).hasSize(2).extracting(InstanceInfo::instanceId).doesNotContain(victim);
    }

    @Test
    void rejectsAnUnknownGroupNamingIt() {
        assertThatThrownBy(() -> fleet.describeGroup(REGION, "nope"))
                .isInstanceOf(CloudException.class).hasMessageContaining("'nope'");
    }

    @Test
    void listsTheRegionsGroups() {
        fleet.createGroup(REGION, "b-reports", 1, 2, 1, onDemandPercent(100));
        fleet.createGroup(REGION, "a-etl", 1, 2, 1, onDemandPercent(100));
        fleet.createGroup("us-east-2", "backup", 1, 2, 1, onDemandPercent(100));
        assertThat(fleet.listGroups(REGION)).extracting(GroupState::name).containsExactly("a-etl", "b-reports");
    }
}
