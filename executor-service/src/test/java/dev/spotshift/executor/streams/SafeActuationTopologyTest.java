package dev.spotshift.executor.streams;

import static dev.spotshift.executor.streams.ContractEvents.approved;
import static dev.spotshift.executor.streams.ContractEvents.metric;
import static dev.spotshift.executor.streams.ContractEvents.rollback;
import static dev.spotshift.executor.streams.ContractEvents.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.cloud.GroupConfig;
import dev.spotshift.cloud.SpotShare;
import dev.spotshift.cloud.sim.CapacityCall;
import dev.spotshift.events.CloudActionFailed;
import dev.spotshift.events.CloudOutcome;
import dev.spotshift.events.DeadLetter;
import dev.spotshift.events.EventEnvelope;
import dev.spotshift.events.ExecutionMode;
import dev.spotshift.events.GateResult;
import dev.spotshift.events.GroupReadBack;
import dev.spotshift.events.MigrationDecision;
import dev.spotshift.events.MigrationFinished;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.ReplacementLaunched;
import dev.spotshift.events.RollbackLevel;
import dev.spotshift.events.RollbackTrigger;
import dev.spotshift.events.RolloutStepStarted;
import dev.spotshift.executor.actuation.CloudActions;
import dev.spotshift.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The executor decides, the actuator acts: a way back to on-demand that the cloud refuses is retried until it
 * reads back, a dry run writes nothing, a rollback puts the group back exactly, an outcome nobody waits for is
 * kept with why.
 */
class SafeActuationTopologyTest {

    private static final String PLAN = "plan-safe";
    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final Duration WINDOW = Duration.ofSeconds(5);
    private static final Duration BASELINE = Duration.ofSeconds(3);
    /** What changes capacity in the account (reads are not listed in the ledger). */
    private static final Set<String> WRITES = Set.of("autoscaling:UpdateAutoScalingGroup", "ec2:RunInstances",
            "ec2:TerminateInstances", "autoscaling:TerminateInstanceInAutoScalingGroup");

    private final TopologyFixture executor = new TopologyFixture();

    @AfterEach
    void close() {
        executor.close();
    }

    private void approve(MigrationDecision decision) {
        executor.send(Topics.MIGRATION_DECISIONS, PLAN, decision);
        executor.send(Topics.WORKLOAD_METRICS, PLAN, metric(PLAN, executor.now));
        executor.advance(BASELINE);
        assertThat(executor.payloads(RolloutStepStarted.class)).hasSize(1);
    }

    private MigrationDecision decision() {
        return approved(PLAN, executor.now, INTERVAL.toMillis(), WINDOW.toMillis(), BASELINE.toMillis(), 60_000,
                "s3://backup-bucket/spot-state/");
    }

    private void passGate(int step) {
        executor.advance(WINDOW);
        executor.send(Topics.GATE_VERDICTS, PLAN, verdict(PLAN, executor.now, step, GateResult.PASS));
        executor.advance(INTERVAL.minus(WINDOW));
    }

    private List<CapacityCall> writes() {
        return executor.cloud.capacity().calls().stream().filter(c -> WRITES.contains(c.operation())).toList();
    }

    @Test
    void fullRollbackThrottledForAMinuteStaysRollingBackWithTheErrorThenEndsRolledBackAllOnDemand() {
        // Given a plan at 50 % spot, and Auto Scaling throttling every change for the next 60 s
        approve(decision());
        passGate(0);
        Instant throttledUntil = executor.now.plusSeconds(60);
        executor.actions = new CloudActions(dev.spotshift.executor.actuation.FaultyClouds.throttling(executor.cloud, Set.of("setSpotShare", "restoreConfig"),
                () -> executor.now.isBefore(throttledUntil)), 3, "actuator/test");

        // When the monitor orders a full rollback
        executor.send(Topics.ROLLBACK_COMMANDS, PLAN, rollback(PLAN, executor.now, "cmd-1", RollbackLevel.FULL,
                RollbackTrigger.ERROR_RATE));
        executor.advance(Duration.ofSeconds(20));

        // Then the plan is ROLLING_BACK, says the error and how often it was tried, and keeps trying
        assertThat(executor.last().getStage()).isEqualTo(MigrationStage.ROLLING_BACK);
        assertThat(executor.payloads(CloudActionFailed.class)).isNotEmpty()
                .allSatisfy(f -> assertThat(f.getError()).contains("Rate exceeded"));
        assertThat(executor.payloads(MigrationFinished.class)).isEmpty();

        // When the throttling ends
        executor.advance(Duration.ofSeconds(60));

        // Then it ends ROLLED_BACK (never FAILED) with the group read back all on-demand
        assertThat(executor.payloads(MigrationFinished.class)).singleElement()
                .satisfies(f -> assertThat(f.getOutcome()).isEqualTo(MigrationStage.ROLLED_BACK));
        assertThat(executor.onDemandPercentAboveBase()).isEqualTo(100);
        assertThat(executor.payloads(CloudActionFailed.class)).extracting(CloudActionFailed::getAttempt)
                .isSorted().doesNotHaveDuplicates();
    }

    @Test
    void rollbackAfterTwoStepsPutsTheGroupBackExactlyAsCapturedBeforeTheFirstChange() {
        // Given a group with a spot price cap and its own override order, captured before anything changes
        executor.cloud.capacity().setSpotShare(ContractEvents.REGION, ContractEvents.GROUP, new SpotShare(0, 100,
                SpotShare.PRICE_CAPACITY_OPTIMIZED, List.of("m5a.large", "m5.large"), "0.0500"));
        GroupConfig before = executor.cloud.capacity().captureConfig(ContractEvents.REGION, ContractEvents.GROUP);

        // When the plan takes two steps and is then rolled back fully
        approve(decision());
        passGate(0);
        passGate(1);
        assertThat(executor.onDemandPercentAboveBase()).isLessThan(100);
        executor.send(Topics.ROLLBACK_COMMANDS, PLAN, rollback(PLAN, executor.now, "cmd-2", RollbackLevel.FULL,
                RollbackTrigger.JOB_FAILURE));
        executor.advance(Duration.ofSeconds(2));

        // Then the group's configuration equals the snapshot, and the plan ended ROLLED_BACK
        assertThat(executor.cloud.capacity().captureConfig(ContractEvents.REGION, ContractEvents.GROUP))
                .isEqualTo(before);
        assertThat(executor.last().getStage()).isEqualTo(MigrationStage.ROLLED_BACK);
    }

    @Test
    void dryRunPlanWithAnInterruptionWarningMakesNoWriteCallAndSaysWhatItWouldHaveDone() {
        // Given a DRY_RUN plan at its first step
        MigrationDecision d = decision();
        d.getPlan().setMode(ExecutionMode.DRY_RUN);
        approve(d);
        passGate(0);
        String instance = executor.cloud.capacity().describeGroup(ContractEvents.REGION, ContractEvents.GROUP)
                .instances().get(0).instanceId();

        // When a two-minute warning arrives and the notice runs out without a checkpoint
        executor.send(Topics.SPOT_INTERRUPTIONS, PLAN, SpotEvents.warning(PLAN, executor.now, instance, "m5.large",
                "us-east-1a"));
        executor.advance(Duration.ofSeconds(120));

        // Then the account saw no write at all, and the replacement it would have launched is announced
        assertThat(writes()).isEmpty();
        assertThat(executor.payloads(ReplacementLaunched.class)).singleElement()
                .satisfies(r -> assertThat(r.getReplacementInstanceId()).startsWith("dry-run:"));
    }

    @Test
    void anOutcomeOfACommandThePlanNeverSentIsADeadLetterWithTheReasonAndChangesNothing() {
        // Given a plan shifting
        approve(decision());
        int events = executor.events.size();

        // When an outcome arrives for a command nobody sent
        EventEnvelope envelope = EventEnvelope.newBuilder().setEventId("outcome-x").setPlanId(PLAN)
                .setOccurredAt(executor.now).setProducer("someone").setCausationId("cmd-x").build();
        executor.answer(CloudOutcome.newBuilder().setEnvelope(envelope).setCommandId("cmd-x")
                .setAction("SetGroupShare").setTargetSpotPercent(0).setSucceeded(true).setStartedAt(executor.now)
                .setResult(new GroupReadBack("asg", true, 0, 100, 1, 0, 1)).build());

        // Then it is a dead letter saying why, and the plan did not move
        assertThat(executor.deadLetters()).singleElement().satisfies((DeadLetter d) -> {
            assertThat(d.getSourceTopic()).isEqualTo(Topics.CLOUD_OUTCOMES.name());
            assertThat(d.getReason()).contains("cmd-x").contains("not waiting for");
        });
        assertThat(executor.events).hasSize(events);
    }

    @Test
    void thePlansSpotMaxPriceIsAppliedToTheGroupWithTheShare() {
        // Given a plan capping spot at 0.7 x on-demand
        MigrationDecision d = decision();
        d.getPlan().getSpot().setMaxPriceFractionOfOnDemand(0.7);
        d.getPlan().getSpot().setMaxPriceMicros(null);

        // When its first step shifts the group
        approve(d);

        // Then the group's spot max price is 0.7 x the cheapest type's on-demand price (m5a.large, $0.086/h)
        assertThat(executor.cloud.capacity().describeGroup(ContractEvents.REGION, ContractEvents.GROUP).spotMaxPrice())
                .isEqualTo("0.0602");
    }
}
