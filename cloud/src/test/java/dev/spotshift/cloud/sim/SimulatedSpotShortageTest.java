package dev.spotshift.cloud.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.cloud.GroupState;
import dev.spotshift.cloud.Lifecycle;
import dev.spotshift.cloud.SpotShare;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A region short of spot capacity on the simulated market, as on AWS: the share change is accepted, its spot launches
 * fail, and the group's failed launches say so through the port's {@code spotShortage}.
 */
class SimulatedSpotShortageTest {

    private static final List<String> TYPES = List.of("m5.large", "m5a.large");
    private static final Instant T0 = Instant.parse("2026-03-01T02:00:00Z");
    private static final Instant LATER = T0.plus(Duration.ofHours(1));

    @TempDir
    Path world;

    private final SimClock clock = new SimClock(T0);

    private static SpotShare onDemandPercent(int percent) {
        return new SpotShare(0, percent, SpotShare.CAPACITY_OPTIMIZED, TYPES);
    }

    private static long spot(GroupState g) {
        return g.activeCount(Lifecycle.SPOT);
    }

    @Test
    void theSpotInstancesOutsideAGroupAreThoseOfTheRegionsOtherGroups() {
        // Given two groups in us-east-1, one all spot, the other half spot, and a group in us-east-2 all spot
        SimulatedCloud cloud = new SimulatedCloud(7, clock);
        cloud.capacity().createGroup("us-east-1", "reports", 1, 3, 3, onDemandPercent(0));
        cloud.capacity().createGroup("us-east-1", "etl", 1, 4, 4, onDemandPercent(50));
        cloud.capacity().createGroup("us-east-2", "etl-backup", 1, 2, 2, onDemandPercent(0));

        // Then outside "etl" us-east-1 runs the other group's 3 spot instances, outside "reports" etl's 2
        assertThat(cloud.capacity().spotInUseOutside("us-east-1", "etl")).isEqualTo(3);
        assertThat(cloud.capacity().spotInUseOutside("us-east-1", "reports")).isEqualTo(2);
    }

    @Test
    void aShareBeyondTheRegionsSpotCapacityIsAcceptedAndItsFailedLaunchesReadAsAShortage() {
        // Given a group of 4 in us-east-1, which holds at most one spot instance from now on
        SimulatedCloud cloud = new SimulatedCloud(7, clock);
        cloud.capacity().createGroup("us-east-1", "etl", 1, 4, 4, onDemandPercent(100));
        cloud.spotShortage("us-east-1", null, 1, T0, LATER);

        // When 25 % goes to spot (one instance): Then it launches and no shortage is read
        Instant first = clock.advance(Duration.ofSeconds(10));
        cloud.capacity().setSpotShare("us-east-1", "etl", onDemandPercent(75));
        assertThat(spot(cloud.capacity().describeGroup("us-east-1", "etl"))).isEqualTo(1);
        assertThat(cloud.capacity().spotShortage("us-east-1", "etl", first, Duration.ZERO)).isEmpty();

        // When 50 % is asked (two spot instances)
        Instant second = clock.advance(Duration.ofSeconds(10));
        cloud.capacity().setSpotShare("us-east-1", "etl", onDemandPercent(50));

        // Then the share reads as set, the group stays one spot short, and the shortage names Auto Scaling's reason
        GroupState g = cloud.capacity().describeGroup("us-east-1", "etl");
        assertThat(g.onDemandPercentAboveBase()).isEqualTo(50);
        assertThat(spot(g)).isEqualTo(1);
        assertThat(cloud.capacity().spotShortage("us-east-1", "etl", second, Duration.ZERO))
                .hasValueSatisfying(m -> assertThat(m).contains("group 'etl'", "InsufficientInstanceCapacity",
                        "no Spot capacity available"));
    }

    @Test
    void anotherRegionKeepsItsSpotCapacityAndAShortageEndsWhenSpotLaunchesAgain() {
        // Given us-east-1 out of spot capacity, and a backup group in us-east-2
        SimulatedCloud cloud = new SimulatedCloud(7, clock);
        cloud.capacity().createGroup("us-east-1", "etl", 1, 4, 4, onDemandPercent(100));
        cloud.capacity().createGroup("us-east-2", "etl-backup", 1, 4, 4, onDemandPercent(100));
        cloud.spotShortage("us-east-1", null, 0, T0, LATER);
        Instant change = clock.advance(Duration.ofSeconds(10));
        cloud.capacity().setSpotShare("us-east-1", "etl", onDemandPercent(50));
        cloud.capacity().setSpotShare("us-east-2", "etl-backup", onDemandPercent(50));

        // Then the backup's spot launched and reads no shortage; the primary's reads one
        assertThat(spot(cloud.capacity().describeGroup("us-east-2", "etl-backup"))).isEqualTo(2);
        assertThat(cloud.capacity().spotShortage("us-east-2", "etl-backup", change, Duration.ZERO)).isEmpty();
        assertThat(cloud.capacity().spotShortage("us-east-1", "etl", change, Duration.ZERO)).isPresent();

        // When the shortage ends and the group is asked again (back to 0 %, then 50 %)
        clock.advance(Duration.ofSeconds(10));
        cloud.capacity().endSpotLimits("us-east-1");
        cloud.capacity().setSpotShare("us-east-1", "etl", onDemandPercent(100));
        clock.advance(Duration.ofSeconds(10));
        cloud.capacity().setSpotShare("us-east-1", "etl", onDemandPercent(50));

        // Then spot launched after the last failure: the shortage since the first change is over
        assertThat(spot(cloud.capacity().describeGroup("us-east-1", "etl"))).isEqualTo(2);
        assertThat(cloud.capacity().spotShortage("us-east-1", "etl", change, Duration.ZERO)).isEmpty();
    }

    @Test
    void thePlacementScoreReadsOneForMoreSpotThanAShortageLeavesAndRecoversWhenItEnds() {
        // Given us-east-1 holding at most 2 spot instances, one of them running, seen by another process of the world
        SimulatedCloud fleet = new SimulatedCloud(7, clock).shareWorld(world);
        SimulatedCloud executor = new SimulatedCloud(7, clock).shareWorld(world);
        fleet.capacity().createGroup("us-east-1", "etl", 1, 4, 4, onDemandPercent(75));
        fleet.spotShortage("us-east-1", null, 2, T0, LATER);
        clock.advance(Duration.ofSeconds(1));

        // Then a request for 2 more spot instances scores 1 everywhere in the region, one for 1 scores as before,
        // and us-east-2 is not affected
        assertThat(executor.market().placementScores("us-east-1", TYPES, 2))
                .allSatisfy(p -> assertThat(p.score()).isEqualTo(1));
        assertThat(executor.market().placementScores("us-east-1", TYPES, 1).get(0).score()).isGreaterThan(1);
        assertThat(executor.market().placementScores("us-east-2", TYPES, 2).get(0).score()).isGreaterThan(1);

        // When the shortage ends, Then the request for 2 scores as before it
        fleet.capacity().endSpotLimits("us-east-1");
        assertThat(executor.market().placementScores("us-east-1", TYPES, 2).get(0).score()).isGreaterThan(1);
    }

    @Test
    void aShortageSetByOneProcessOfTheWorldIsTheOneEveryOtherSees() {
        // Given two clouds on one shared world (the demo's services and the e2e test), the group made by the first
        SimulatedCloud executor = new SimulatedCloud(7, clock).shareWorld(world);
        SimulatedCloud test = new SimulatedCloud(7, clock).shareWorld(world);
        executor.capacity().createGroup("us-east-1", "etl", 1, 4, 4, onDemandPercent(100));

        // When the test limits us-east-1 to no spot, and the executor's cloud then asks for spot
        test.spotShortage("us-east-1", null, 0, T0, LATER);
        Instant change = clock.advance(Duration.ofSeconds(1));
        executor.capacity().setSpotShare("us-east-1", "etl", onDemandPercent(50));

        // Then no spot launched, and both read the shortage
        assertThat(spot(executor.capacity().describeGroup("us-east-1", "etl"))).isZero();
        assertThat(executor.capacity().spotShortage("us-east-1", "etl", change, Duration.ZERO)).isPresent();
        assertThat(test.capacity().spotShortage("us-east-1", "etl", change, Duration.ZERO)).isPresent();
    }

    @Test
    void theShippedSpotShortageScenarioLeavesUsEast1OneSpotInstance() throws java.io.IOException {
        // Given the example scenario as a demo plays it (spotshift.cloud.sim.scenario)
        Scenario s = Scenario.parseYaml(java.nio.file.Files.readString(
                Path.of("../examples/scenarios/spot-shortage.yaml")));
        SimulatedCloud cloud = new SimulatedCloud(7, clock);
        cloud.capacity().createGroup("us-east-1", "etl", 1, 4, 4, onDemandPercent(100));
        cloud.play(s);

        // When half the group asks for spot, Then one spot instance runs and the rest read as a shortage
        Instant change = clock.advance(Duration.ofSeconds(1));
        cloud.capacity().setSpotShare("us-east-1", "etl", onDemandPercent(50));
        assertThat(spot(cloud.capacity().describeGroup("us-east-1", "etl"))).isEqualTo(1);
        assertThat(cloud.capacity().spotShortage("us-east-1", "etl", change, Duration.ZERO)).isPresent();
    }

    @Test
    void aScenarioPlaysASpotShortageOfEveryTypeWhenNoneIsNamed() {
        // Given a scenario: from 0 s for 10 minutes us-east-1 holds no spot
        Scenario s = Scenario.parseYaml("""
                name: spot-shortage
                events:
                  - at: 0
                    type: spot-shortage
                    region: us-east-1
                    lasts: PT10M
                """);
        SimulatedCloud cloud = new SimulatedCloud(7, clock);
        cloud.capacity().createGroup("us-east-1", "etl", 1, 4, 4, onDemandPercent(100));

        // When it plays and the group asks for spot
        cloud.play(s);
        Instant change = clock.advance(Duration.ofSeconds(1));
        cloud.capacity().setSpotShare("us-east-1", "etl", onDemandPercent(0));

        // Then nothing of any type launched as spot, and once it is over spot launches again
        assertThat(s.events().get(0).count()).isZero();
        assertThat(spot(cloud.capacity().describeGroup("us-east-1", "etl"))).isZero();
        assertThat(cloud.capacity().spotShortage("us-east-1", "etl", change, Duration.ZERO)).isPresent();
        clock.advance(Duration.ofMinutes(11));
        cloud.capacity().setSpotShare("us-east-1", "etl", onDemandPercent(100));
        cloud.capacity().setSpotShare("us-east-1", "etl", onDemandPercent(0));
        assertThat(spot(cloud.capacity().describeGroup("us-east-1", "etl"))).isEqualTo(4);
    }
}
