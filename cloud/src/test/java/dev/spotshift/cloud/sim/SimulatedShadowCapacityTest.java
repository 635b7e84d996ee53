package dev.spotshift.cloud.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.cloud.CapacityManager;
import dev.spotshift.cloud.InstanceInfo;
import dev.spotshift.cloud.Lifecycle;
import dev.spotshift.cloud.ShadowCapacity;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulated market holds a plan's shadow capacity as the AWS side does: tagged, idempotent, removed whole. */
class SimulatedShadowCapacityTest {

    private static final String REGION = "us-east-1";
    private static final List<String> M5 = List.of("m5.large", "m5a.large", "m5n.large");

    private final SimulatedFleet fleet = new SimulatedCloud(42, new SimClock(Instant.parse("2025-03-01T00:00:00Z")))
            .capacity();
    private final ShadowCapacity shadow = new ShadowCapacity(fleet);

    private long launches() {
        return fleet.calls().stream().filter(c -> c.operation().equals("ec2:RunInstances")
                && !c.detail().contains("replayed")).count();
    }

    @Test
    void givenAShadowRunWhenLaunchedTwiceUnderOneCommandThenOnlyItsFirstLaunchRunsAndItsInstancesAreTaggedShadowSpot() {
        ShadowCapacity.Launch launch = new ShadowCapacity.Launch(REGION, "p-1", M5, 2, "p-1:shadow:1", "dep-a");
        List<InstanceInfo> first = shadow.launch(launch);
        List<InstanceInfo> replayed = shadow.launch(launch);
        assertThat(replayed).extracting(InstanceInfo::instanceId)
                .containsExactlyElementsOf(first.stream().map(InstanceInfo::instanceId).toList());
        assertThat(launches()).isEqualTo(2);
        assertThat(shadow.instances(REGION, "p-1")).hasSize(2).allSatisfy(i -> {
            assertThat(i.lifecycle()).isEqualTo(Lifecycle.SPOT);
            assertThat(i.tags()).containsEntry(CapacityManager.OWNER_TAG, "p-1")
                    .containsEntry(CapacityManager.DEPLOYMENT_TAG, "dep-a")
                    .containsEntry(ShadowCapacity.ROLE_TAG, ShadowCapacity.SHADOW_ROLE);
        });
    }

    @Test
    void givenAShadowRunWhenItEndsThenNoneOfItsInstancesRemainsAndARepeatTerminatesNothing() {
        shadow.launch(new ShadowCapacity.Launch(REGION, "p-1", M5, 2, "p-1:shadow:1", null));
        InstanceInfo other = shadow.launch(new ShadowCapacity.Launch(REGION, "p-2", M5, 1, "p-2:shadow:1", null)).get(0);
        assertThat(shadow.remove(REGION, "p-1")).hasSize(2);
        assertThat(shadow.instances(REGION, "p-1")).isEmpty();
        assertThat(fleet.ownedInstances(REGION)).filteredOn(InstanceInfo::isActive).extracting(InstanceInfo::instanceId)
                .containsExactly(other.instanceId());
        assertThat(shadow.remove(REGION, "p-1")).isEmpty();
    }
}
