package dev.spotshift.cloud.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.cloud.GroupState;
import dev.spotshift.cloud.InstanceInfo;
import dev.spotshift.cloud.InterruptionNotice;
import dev.spotshift.cloud.Lifecycle;
import dev.spotshift.cloud.NoticeBatch;
import dev.spotshift.cloud.NoticeKind;
import dev.spotshift.cloud.ReceivedNotice;
import dev.spotshift.cloud.SpotShare;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedInterruptionsTest {

    private static final Instant START = Instant.parse("2025-03-01T00:00:00Z");
    private static final String REGION = "us-east-1";
    private static final SpotShare ALL_SPOT =
            new SpotShare(0, 0, SpotShare.CAPACITY_OPTIMIZED, List.of("m5.large", "m5a.large", "m5n.large"));

    private static List<InterruptionNotice> drain(SimulatedCloud cloud) {
        List<InterruptionNotice> all = new ArrayList<>();
        for (int polls = 0; polls < 100; polls++) {
            NoticeBatch batch = cloud.notices().receive(10, Duration.ZERO);
            if (batch.isEmpty()) {
                break;
            }
            for (ReceivedNotice n : batch.notices()) {
                all.add(n.notice());
                cloud.notices().delete(n.receiptHandle());
            }
        }
        return all;
    }

    @Test
    void emitsWarningsForSpotInstancesAndReplacesThemAtTheDeadline() {
        // Given a group of 3 spot instances
        SimClock clock = new SimClock(START);
        SimulatedCloud cloud = new SimulatedCloud(42, clock);
        GroupState before = cloud.capacity().createGroup(REGION, "etl", 3, 3, 3, ALL_SPOT);
        // When two of them get the two-minute warning
        List<String> warned = cloud.interruptSpotInstances(REGION, 2);
        List<InterruptionNotice> notices = drain(cloud);
        // Then two warnings arrive with instance id and a deadline two minutes later
        assertThat(notices).hasSize(2).allSatisfy(n -> {
            assertThat(n.kind()).isEqualTo(NoticeKind.INTERRUPTION_WARNING);
            assertThat(n.time()).isEqualTo(START);
            assertThat(n.deadline()).isEqualTo(START.plusSeconds(120));
            assertThat(n.region()).isEqualTo(REGION);
        });
        assertThat(notices).extracting(InterruptionNotice::instanceId).containsExactlyElementsOf(warned);
        // And the instances still run until the deadline, then are replaced by new spot instances
        clock.advance(Duration.ofSeconds(119));
        assertThat(cloud.capacity().describeGroup(REGION, "etl").instances()).extracting(InstanceInfo::instanceId)
                .containsAll(warned);
        clock.advance(Duration.ofSeconds(1));
        GroupState after = cloud.capacity().describeGroup(REGION, "etl");
        assertThat(after.instances()).hasSize(3).extracting(InstanceInfo::instanceId).doesNotContainAnyElementsOf(warned);
        assertThat(after.activeCount(Lifecycle.SPOT)).isEqualTo(3);
        assertThat(cloud.capacity().describeInstances(REGION, warned)).extracting(InstanceInfo::state)
                .containsOnly("terminated");
        assertThat(before.instances()).hasSize(3);
    }

    @Test
    void warnsEverySpotInstanceOfAStormPoolAndStopsLaunchingThere() {
        // Given 4 spot instances spread over zones, and a storm on one pool a minute from now
        SimClock clock = new SimClock(START);
        SimulatedCloud cloud = new SimulatedCloud(42, clock);
        GroupState group = cloud.capacity().createGroup(REGION, "etl", 4, 4, 4, ALL_SPOT);
        InstanceInfo first = group.instances().get(0);
        Instant stormStart = START.plusSeconds(60);
        cloud.interruptionStorm(REGION, first.instanceType(), first.availabilityZone(), stormStart,
                stormStart.plus(Duration.ofHours(1)));
        // When the clock passes the storm's start and the deadline
        clock.advance(Duration.ofSeconds(600));
        List<InterruptionNotice> notices = drain(cloud);
        // Then the pool's instances got a warning at the storm's start and their replacements avoid the pool
        assertThat(notices).isNotEmpty().allSatisfy(n -> assertThat(n.time()).isEqualTo(stormStart));
        assertThat(notices).extracting(InterruptionNotice::instanceId).contains(first.instanceId());
        assertThat(cloud.capacity().describeGroup(REGION, "etl").instances()).hasSize(4)
                .noneMatch(i -> i.instanceType().equals(first.instanceType())
                        && i.availabilityZone().equals(first.availabilityZone()));
    }

    @Test
    void producesScriptedEventsAtTheScriptedTimes() {
        // Given a scenario: 2 interruptions at t=300 s and a price spike at t=600 s for 10 minutes
        SimClock clock = new SimClock(START);
        SimulatedCloud cloud = new SimulatedCloud(42, clock);
        cloud.capacity().createGroup(REGION, "etl", 3, 3, 3, ALL_SPOT);
        cloud.play(Scenario.parseYaml("""
                name: storm-and-spike
                events:
                  - at: 300
                    type: interrupt
                    region: us-east-1
                    count: 2
                  - at: PT10M
                    type: price-spike
                    region: us-east-1
                    instanceType: m5.large
                    zone: us-east-1a
                    factor: 2.0
                    lasts: PT10M
                """));
        long calm = cloud.market().priceAt(REGION, "m5.large", "us-east-1a", START);
        // When the clock stops just before t=300 nothing has happened
        clock.set(START.plusSeconds(299));
        assertThat(drain(cloud)).isEmpty();
        // Then jumping past it delivers the two warnings stamped t=300
        clock.set(START.plusSeconds(450));
        assertThat(drain(cloud)).hasSize(2).extracting(InterruptionNotice::time).containsOnly(START.plusSeconds(300));
        // And the spike holds exactly from t=600 to t=1200
        assertThat(cloud.market().priceAt(REGION, "m5.large", "us-east-1a", START.plusSeconds(599))).isEqualTo(calm);
        assertThat(cloud.market().priceAt(REGION, "m5.large", "us-east-1a", START.plusSeconds(600)))
                .isCloseTo(calm * 2, org.assertj.core.data.Offset.offset(1L)); // one rounding of the doubled price
        assertThat(cloud.market().priceAt(REGION, "m5.large", "us-east-1a", START.plusSeconds(1200))).isEqualTo(calm);
    }

    @Test
    void interruptsTheSameInstancesAtTheSameTimesForTheSameSeed() {
        // Given two worlds with the same seed and a year of simulated time
        List<String> first = backgroundInterruptions(11);
        List<String> second = backgroundInterruptions(11);
        List<String> other = backgroundInterruptions(12);
        // Then the same interruptions happen, and some do happen in a year of 50 spot instances
        assertThat(first).isEqualTo(second).isNotEmpty();
        assertThat(other).isNotEqualTo(first);
    }

    private static List<String> backgroundInterruptions(long seed) {
        SimClock clock = new SimClock(START);
        SimulatedCloud cloud = new SimulatedCloud(seed, clock);
        cloud.capacity().createGroup(REGION, "etl", 50, 50, 50, ALL_SPOT);
        List<String> seen = new ArrayList<>();
        for (int day = 0; day < 365; day++) {
            clock.advance(Duration.ofDays(1));
            drain(cloud).forEach(n -> seen.add(n.instanceId() + "@" + n.time()));
        }
        return seen;
    }

    @Test
    void reportsAMalformedMessageWithItsReasonAndKeepsIt() {
        SimulatedCloud cloud = new SimulatedCloud(42, new SimClock(START));
        cloud.notices().send("{\"detail-type\":\"EC2 Spot Instance Interruption Warning\",\"source\":\"aws.ec2\"}");
        NoticeBatch batch = cloud.notices().receive(10, Duration.ZERO);
        assertThat(batch.notices()).isEmpty();
        assertThat(batch.malformed()).singleElement().satisfies(m -> assertThat(m.reason()).contains("'id'"));
        assertThat(cloud.notices().depth()).isEqualTo(1);
    }

    @Test
    void sendsARebalanceRecommendationWithoutDeadline() {
        SimulatedCloud cloud = new SimulatedCloud(42, new SimClock(START));
        String id = cloud.capacity().createGroup(REGION, "etl", 1, 1, 1, ALL_SPOT).instances().get(0).instanceId();
        cloud.capacity().recommendRebalance(id);
        assertThat(drain(cloud)).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(NoticeKind.REBALANCE_RECOMMENDATION);
            assertThat(n.deadline()).isNull();
            assertThat(n.instanceId()).isEqualTo(id);
        });
    }
}
