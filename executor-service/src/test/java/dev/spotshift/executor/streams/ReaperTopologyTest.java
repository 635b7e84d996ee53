package dev.spotshift.executor.streams;

import static dev.spotshift.executor.streams.ContractEvents.approved;
import static dev.spotshift.executor.streams.ContractEvents.operator;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.cloud.InstanceInfo;
import dev.spotshift.cloud.LaunchRequest;
import dev.spotshift.cloud.Lifecycle;
import dev.spotshift.events.CloudCommand;
import dev.spotshift.events.CloudOutcome;
import dev.spotshift.events.OperatorAction;
import dev.spotshift.events.SpotCapacityReaped;
import dev.spotshift.events.TerminateInstance;
import dev.spotshift.executor.domain.ReaperSettings;
import dev.spotshift.executor.domain.Stage;
import dev.spotshift.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reaper's judging in the topology: the actuator's census (played by the fixture) reports what runs, the
 * processor judges each sighting and orders terminations as cloud commands, and each answered one is announced.
 */
class ReaperTopologyTest {

    private static final Duration EVERY = Duration.ofSeconds(30);
    private static final Duration GRACE = Duration.ofSeconds(10);

    private TopologyFixture executor;

    @AfterEach
    void close() {
        executor.close();
    }

    private void start(boolean dryRun, int partitions) {
        executor = new TopologyFixture(new ReaperSettings(EVERY, dryRun, GRACE, List.of(ContractEvents.REGION),
                partitions));
    }

    private InstanceInfo spotFor(String planId) {
        return executor.cloud.capacity().launch(new LaunchRequest(ContractEvents.REGION, null, ContractEvents.TYPES,
                Lifecycle.SPOT, planId, Map.of(), java.util.UUID.randomUUID().toString(), "test-deployment"));
    }

    private boolean running(InstanceInfo i) {
        return executor.cloud.capacity().describeInstances(ContractEvents.REGION, List.of(i.instanceId())).get(0)
                .isActive();
    }

    private List<CloudCommand> terminations() {
        return executor.cloudCommands.stream().filter(c -> c.getAction() instanceof TerminateInstance).toList();
    }

    private void approve(String planId) {
        executor.send(Topics.MIGRATION_DECISIONS, planId, approved(planId, executor.now, 600_000, 300_000, 600_000, 0,
                "s3://backup-bucket/spot-state/"));
    }

    @Test
    void orphanOfAnUnknownPlanIsTerminatedAndReportedWhileAnActivePlansInstanceIsUntouched() {
        // Given a running plan and tagged spot instances of it and of a plan no executor knows
        start(false, 1);
        approve("plan-live");
        // monitoring active: its pre-flight passes
        executor.send(Topics.WORKLOAD_METRICS, "plan-live", ContractEvents.metric("plan-live", executor.now));
        InstanceInfo active = spotFor("plan-live");
        InstanceInfo orphan = spotFor("plan-gone");

        // When the census runs and the executor judges it
        executor.advance(EVERY);

        // Then the orphan is terminated through a command and announced, without creating state for its plan; the
        // plan's own instance still runs, nothing is left orphaned
        assertThat(terminations()).singleElement().satisfies(c -> {
            assertThat(c.getEnvelope().getPlanId()).isEqualTo("plan-gone");
            assertThat(((TerminateInstance) c.getAction()).getPlanKnown()).isFalse();
        });
        assertThat(running(orphan)).isFalse();
        assertThat(running(active)).isTrue();
        assertThat(executor.state("plan-live").stage().terminal()).isFalse();
        assertThat(executor.payloads(SpotCapacityReaped.class)).singleElement().satisfies(r -> {
            assertThat(r.getInstanceId()).isEqualTo(orphan.instanceId());
            assertThat(r.getTerminated()).isTrue();
            assertThat(r.getPlanKnown()).isFalse();
        });
        assertThat(executor.state("plan-gone")).isNull();
        assertThat(executor.metrics.orphanedSpotInstances()).isZero();
    }

    @Test
    void instanceOfAPlanThatEndedIsTerminatedAndAnnouncedWithThePlansStage() {
        // Given a plan aborted before it shifted, and a spot instance still tagged for it
        start(false, 1);
        approve("plan-aborted");
        executor.send(Topics.OPERATOR_COMMANDS, "plan-aborted", operator("plan-aborted", executor.now,
                OperatorAction.ABORT));
        assertThat(executor.state("plan-aborted").stage().terminal()).isTrue();
        InstanceInfo leftover = spotFor("plan-aborted");

        // When the census runs
        executor.advance(EVERY);

        // Then it is terminated and announced as the ended plan's
        assertThat(running(leftover)).isFalse();
        assertThat(executor.events).filteredOn(e -> e.getPayload() instanceof SpotCapacityReaped).singleElement()
                .satisfies(e -> {
                    assertThat(e.getStage().name()).isEqualTo(Stage.ABORTED.name());
                    SpotCapacityReaped r = (SpotCapacityReaped) e.getPayload();
                    assertThat(r.getPlanKnown()).isTrue();
                    assertThat(r.getReason()).contains("ended ABORTED");
                });
    }

    @Test
    void instanceYoungerThanTheGraceIsLeftAloneUntilItIsOlder() {
        // Given an unknown plan's instance launched just before the census
        start(false, 1);
        executor.advance(EVERY.minus(Duration.ofSeconds(5)));
        ((dev.spotshift.cloud.sim.SimClock) executor.cloud.clock()).set(executor.now);
        InstanceInfo young = spotFor("plan-gone");

        // When the census sees it 5 s old
        executor.advance(Duration.ofSeconds(5));

        // Then nothing is ordered; the next census, when it is older than the grace, orders its termination
        assertThat(terminations()).isEmpty();
        assertThat(running(young)).isTrue();
        executor.advance(EVERY);
        assertThat(terminations()).singleElement();
        assertThat(running(young)).isFalse();
    }

    @Test
    void planOfAnotherPartitionIsNeverJudgedHere() {
        // Given three partitions, this task owning partition 0, and an instance of a plan hashed elsewhere
        start(false, 3);
        String elsewhere = IntStream.range(0, 100).mapToObj(i -> "plan-" + i)
                .filter(id -> Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % 3 != 0)
                .findFirst().orElseThrow();
        InstanceInfo theirs = spotFor(elsewhere);

        // When its sighting reaches this task anyway
        executor.advance(EVERY);

        // Then it is not called unknown: no command, no event, it runs on
        assertThat(terminations()).isEmpty();
        assertThat(executor.payloads(SpotCapacityReaped.class)).isEmpty();
        assertThat(running(theirs)).isTrue();
    }

    @Test
    void secondSightingAndSecondOutcomeDoNotTerminateOrAnnounceTwice() {
        // Given an orphan whose termination is ordered but not yet carried out
        start(false, 1);
        InstanceInfo orphan = spotFor("plan-gone");
        executor.holdCloudCommands = true;
        executor.advance(EVERY);
        assertThat(terminations()).hasSize(1);

        // When the census sees it again, then the order is carried out and its outcome arrives twice
        executor.takeCensus();
        CloudOutcome outcome = executor.actions.carryOut(executor.heldCommands.get(0));
        executor.heldCommands.clear();
        executor.answer(outcome);
        executor.answer(outcome);

        // Then one order, one termination, one announcement
        assertThat(terminations()).hasSize(1);
        assertThat(running(orphan)).isFalse();
        assertThat(executor.payloads(SpotCapacityReaped.class)).singleElement()
                .satisfies(r -> assertThat(r.getTerminated()).isTrue());
        assertThat(executor.state("plan-gone")).isNull();
    }

    @Test
    void failedTerminationIsAnnouncedAndOrderedAgainAtTheNextSighting() {
        // Given an orphan whose first termination failed
        start(false, 1);
        InstanceInfo orphan = spotFor("plan-gone");
        executor.holdCloudCommands = true;
        executor.advance(EVERY);
        CloudCommand first = executor.heldCommands.remove(0);
        executor.answer(failed(first, "ec2:TerminateInstances: UnauthorizedOperation"));
        assertThat(executor.payloads(SpotCapacityReaped.class)).singleElement().satisfies(r -> {
            assertThat(r.getTerminated()).isFalse();
            assertThat(r.getReason()).contains("termination failed: ec2:TerminateInstances: UnauthorizedOperation");
        });
        assertThat(executor.metrics.orphanedSpotInstances()).isEqualTo(1);

        // When the next census sees it still running
        executor.holdCloudCommands = false;
        executor.advance(EVERY);

        // Then another termination is ordered, under a command id of its own, and this one takes
        assertThat(terminations()).extracting(CloudCommand::getCommandId).hasSize(2).doesNotHaveDuplicates();
        assertThat(running(orphan)).isFalse();
        assertThat(executor.payloads(SpotCapacityReaped.class)).extracting(SpotCapacityReaped::getTerminated)
                .containsExactly(false, true);
        assertThat(executor.metrics.orphanedSpotInstances()).isZero();
    }

    private static CloudOutcome failed(CloudCommand c, String error) {
        return CloudOutcome.newBuilder().setEnvelope(ContractEvents.envelope(c.getEnvelope().getPlanId(),
                        c.getEnvelope().getOccurredAt(), "actuator/test"))
                .setCommandId(c.getCommandId()).setAction(TerminateInstance.class.getSimpleName()).setSucceeded(false)
                .setError(error).setAttempts(3).setStartedAt(c.getEnvelope().getOccurredAt())
                .setResult(new dev.spotshift.events.InstanceTerminated(
                        ((TerminateInstance) c.getAction()).getInstanceId(), false, "not terminated"))
                .build();
    }

    @Test
    void dryRunReportsTheOrphanOnceAndLeavesItRunning() {
        // Given the reaper in dry-run and a tagged spot instance of an unknown plan
        start(true, 1);
        InstanceInfo orphan = spotFor("plan-gone");

        // When two censuses run
        executor.advance(EVERY.multipliedBy(2));

        // Then it is reported once, never ordered terminated, and counted as orphaned
        assertThat(terminations()).isEmpty();
        assertThat(running(orphan)).isTrue();
        assertThat(executor.payloads(SpotCapacityReaped.class)).singleElement()
                .satisfies(r -> assertThat(r.getTerminated()).isFalse());
        assertThat(executor.metrics.orphanedSpotInstances()).isEqualTo(1);
    }
}
