package dev.spotshift.executor.streams;

import static dev.spotshift.executor.streams.ContractEvents.approved;
import static dev.spotshift.executor.streams.ContractEvents.criteriaVerdict;
import static dev.spotshift.executor.streams.ContractEvents.metric;
import static dev.spotshift.executor.streams.ContractEvents.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.DecisionOutcome;
import dev.spotshift.events.ExecutionMode;
import dev.spotshift.events.GateResult;
import dev.spotshift.events.GateVerdict;
import dev.spotshift.events.Reason;
import dev.spotshift.events.ValidationPeriodStarted;
import dev.spotshift.events.KillSwitch;
import dev.spotshift.events.MigrationDecision;
import dev.spotshift.events.MigrationFinished;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.PreflightCompleted;
import dev.spotshift.events.RollbackLevel;
import dev.spotshift.events.RollbackTrigger;
import dev.spotshift.events.RolledBack;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.RolloutStepCompleted;
import dev.spotshift.events.RolloutStepStarted;
import dev.spotshift.events.ShadowRunCompleted;
import dev.spotshift.schemas.Topics;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RolloutTopologyTest {

    private static final String PLAN = "plan-ttd";
    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final Duration WINDOW = Duration.ofSeconds(5);
    private static final Duration BASELINE = Duration.ofSeconds(3);
    private static final Duration VALIDATION = Duration.ofSeconds(4);
    private static final Duration SHADOW_RUN = Duration.ofSeconds(6);

    private final TopologyFixture executor = new TopologyFixture();

    @AfterEach
    void close() {
        executor.close();
    }

    private void approveAndReachFirstStep() {
        executor.send(Topics.MIGRATION_DECISIONS, PLAN, approved(PLAN, executor.now, INTERVAL.toMillis(),
                WINDOW.toMillis(), BASELINE.toMillis(), VALIDATION.toMillis(), "s3://backup-bucket/spot-state/"));
        executor.send(Topics.WORKLOAD_METRICS, PLAN, metric(PLAN, executor.now));
        executor.advance(BASELINE);
        assertThat(executor.payloads(RolloutStepStarted.class)).hasSize(1);
    }

    private void passGate(int step) {
        executor.advance(WINDOW);
        executor.send(Topics.GATE_VERDICTS, PLAN, verdict(PLAN, executor.now, step, GateResult.PASS));
        executor.advance(INTERVAL.minus(WINDOW));
    }

    @Test
    void approvedPlanWalksEveryStepWithFourPassVerdictsAndEndsCompletedAllOnSpot() {
        // Given an approved plan past pre-flight and baseline
        approveAndReachFirstStep();

        // When all four gates pass and the monitor finds the success criteria held over the validation period
        for (int step = 0; step < 4; step++) {
            passGate(step);
        }
        executor.send(Topics.GATE_VERDICTS, PLAN, criteriaVerdict(PLAN, executor.now, GateResult.PASS));

        // Then the group was updated once per step and is all spot above base, and the plan completed
        assertThat(executor.payloads(RolloutStepCompleted.class)).extracting(RolloutStepCompleted::getSpotPercent)
                .containsExactly(25, 50, 75, 100);
        assertThat(executor.policyUpdates()).isEqualTo(4);
        assertThat(executor.onDemandPercentAboveBase()).isZero();
        assertThat(executor.last().getStage()).isEqualTo(MigrationStage.COMPLETED);
        assertThat(((MigrationFinished) executor.last().getPayload()).getOutcome()).isEqualTo(MigrationStage.COMPLETED);
    }

    @Test
    void savingsMissingTheirCriterionAtTheEndOfTheValidationPeriodRollBackInsteadOfCompleting() {
        // Given an approved plan whose four gates passed
        approveAndReachFirstStep();
        for (int step = 0; step < 4; step++) {
            passGate(step);
        }
        RolloutEvent announced = executor.events.stream()
                .filter(e -> e.getPayload() instanceof ValidationPeriodStarted).findFirst().orElseThrow();
        ValidationPeriodStarted started = (ValidationPeriodStarted) announced.getPayload();

        // When the monitor judges the period: savings 45 % against the 50 % criterion
        GateVerdict missed = GateVerdict.newBuilder(criteriaVerdict(PLAN, executor.now, GateResult.FAIL))
                .setReasons(List.of(new Reason("CRITERION_COST_SAVINGS_PERCENT_MISSED",
                        "cost_savings_percent 45.0000 misses its threshold 50.0000", null))).build();
        executor.send(Topics.GATE_VERDICTS, PLAN, missed);

        // Then the period was announced with the plan's criteria, and the plan does not end COMPLETED
        assertThat(started.getCriteria().getMinCostSavingsPercent()).isEqualTo(50.0);
        assertThat(started.getEndsAt()).isEqualTo(announced.getEnvelope().getOccurredAt().plus(VALIDATION));
        assertThat(executor.payloads(RolledBack.class)).singleElement()
                .satisfies(r -> assertThat(r.getReason()).contains("success criteria missed", "cost_savings_percent 45"));
        assertThat(executor.payloads(MigrationFinished.class)).extracting(MigrationFinished::getOutcome)
                .containsExactly(MigrationStage.ROLLED_BACK);
    }

    @Test
    void aShadowPlanShiftsOnlyOnTheMonitorsShadowPhaseVerdictNotWhenItsRunEnds() {
        // Given a shadow-mode plan (a 6 s shadow run) past pre-flight and baseline
        MigrationDecision decision = approved(PLAN, executor.now, INTERVAL.toMillis(), WINDOW.toMillis(),
                BASELINE.toMillis(), VALIDATION.toMillis(), "s3://backup-bucket/spot-state/");
        decision.getPlan().setMode(ExecutionMode.SHADOW);
        decision.getPlan().getRollout().setShadowRunMillis(SHADOW_RUN.toMillis());
        executor.send(Topics.MIGRATION_DECISIONS, PLAN, decision);
        executor.send(Topics.WORKLOAD_METRICS, PLAN, metric(PLAN, executor.now));
        executor.advance(BASELINE);

        // Then the run is announced for the monitor with its end, in stage SHADOW
        RolloutEvent announced = executor.events.stream()
                .filter(e -> e.getPayload() instanceof ValidationPeriodStarted).findFirst().orElseThrow();
        assertThat(announced.getStage()).isEqualTo(MigrationStage.SHADOW);
        assertThat(((ValidationPeriodStarted) announced.getPayload()).getEndsAt())
                .isEqualTo(announced.getEnvelope().getOccurredAt().plus(SHADOW_RUN));

        // When the run's time is up, nothing shifts yet
        executor.advance(SHADOW_RUN);
        assertThat(executor.payloads(RolloutStepStarted.class)).isEmpty();

        // And when the monitor's verdict on the shadow phase passes, the first step starts
        executor.send(Topics.GATE_VERDICTS, PLAN, GateVerdict.newBuilder(criteriaVerdict(PLAN, executor.now,
                GateResult.PASS)).setScope(dev.spotshift.events.GateScope.SHADOW_PHASE).build());
        assertThat(executor.payloads(ShadowRunCompleted.class)).singleElement()
                .satisfies(r -> assertThat(r.getPassed()).isTrue());
        assertThat(executor.payloads(RolloutStepStarted.class)).singleElement()
                .satisfies(st -> assertThat(st.getToSpotPercent()).isEqualTo(25));
    }

    @Test
    void stepStartedCarriesTheGateDueTimeAndTheStepStartAsItsTime() {
        // Given / When the first step starts
        approveAndReachFirstStep();

        // Then the monitor learns when to judge the step
        RolloutEvent started = executor.events.stream().filter(e -> e.getPayload() instanceof RolloutStepStarted)
                .findFirst().orElseThrow();
        RolloutStepStarted step = (RolloutStepStarted) started.getPayload();
        assertThat(step.getGateDueAt()).isEqualTo(started.getEnvelope().getOccurredAt().plus(WINDOW));
        assertThat(started.getSpotPercent()).isEqualTo(25);
        assertThat(started.getStage()).isEqualTo(MigrationStage.SHIFTING);
        assertThat(started.getEnvelope().getCausationId()).isNotNull();
    }

    @Test
    void failVerdictAtFiftyStepsBackToTwentyFiveAndHolds() {
        // Given step 1 (50 %) in flight
        approveAndReachFirstStep();
        passGate(0);

        // When its gate fails
        executor.advance(WINDOW);
        executor.send(Topics.GATE_VERDICTS, PLAN, verdict(PLAN, executor.now, 1, GateResult.FAIL));
        executor.advance(INTERVAL.multipliedBy(3));

        // Then the group is back at 25 % spot and the plan holds
        assertThat(executor.onDemandPercentAboveBase()).isEqualTo(75);
        RolledBack rolledBack = executor.payloads(RolledBack.class).get(0);
        assertThat(rolledBack.getLevel()).isEqualTo(RollbackLevel.STEP);
        assertThat(rolledBack.getToSpotPercent()).isEqualTo(25);
        assertThat(executor.last().getStage()).isEqualTo(MigrationStage.PAUSED);
        assertThat(executor.policyUpdates()).isEqualTo(3);
    }

    @Test
    void immediateRollbackAtSeventyFiveEndsRolledBackWithTheGroupAllOnDemandOnce() {
        // Given step 2 (75 %) in flight
        approveAndReachFirstStep();
        passGate(0);
        passGate(1);

        // When the monitor orders a full rollback, and the same command is delivered again
        var command = ContractEvents.rollback(PLAN, executor.now, PLAN + ":ERROR_RATE:1", RollbackLevel.FULL,
                RollbackTrigger.ERROR_RATE);
        executor.send(Topics.ROLLBACK_COMMANDS, PLAN, command);
        executor.send(Topics.ROLLBACK_COMMANDS, PLAN, ContractEvents.rollback(PLAN, executor.now,
                PLAN + ":ERROR_RATE:1", RollbackLevel.FULL, RollbackTrigger.ERROR_RATE));

        // Then the group is all on-demand, RolledBack answers the command, and the plan ended
        assertThat(executor.onDemandPercentAboveBase()).isEqualTo(100);
        assertThat(executor.payloads(RolledBack.class)).hasSize(1);
        RolloutEvent rolledBack = executor.events.stream().filter(e -> e.getPayload() instanceof RolledBack)
                .findFirst().orElseThrow();
        assertThat(rolledBack.getEnvelope().getCausationId()).isEqualTo(command.getEnvelope().getEventId());
        assertThat(((RolledBack) rolledBack.getPayload()).getCommandId()).isEqualTo(PLAN + ":ERROR_RATE:1");
        assertThat(((RolledBack) rolledBack.getPayload()).getOnDemandRequestedAt()).isEqualTo(executor.now);
        assertThat(executor.last().getStage()).isEqualTo(MigrationStage.ROLLED_BACK);
        assertThat(executor.metrics.rollbacks("FULL")).isEqualTo(1.0);
    }

    @Test
    void unwritableCheckpointBucketStopsThePlanBeforeAnyCapacityChange() {
        // Given the checkpoint bucket is gone
        executor.cloud.checkpoints().breakBucket("backup-bucket", "NoSuchBucket");

        // When a plan is approved
        executor.send(Topics.MIGRATION_DECISIONS, PLAN, approved(PLAN, executor.now, INTERVAL.toMillis(),
                WINDOW.toMillis(), BASELINE.toMillis(), VALIDATION.toMillis(), "s3://backup-bucket/spot-state/"));
        executor.advance(BASELINE.multipliedBy(3));

        // Then pre-flight failed with the reason and the group was never touched
        PreflightCompleted preflight = executor.payloads(PreflightCompleted.class).get(0);
        assertThat(preflight.getPassed()).isFalse();
        assertThat(executor.last().getStage()).isEqualTo(MigrationStage.PREFLIGHT_FAILED);
        assertThat(((MigrationFinished) executor.last().getPayload()).getReason()).contains("NoSuchBucket");
        assertThat(executor.policyUpdates()).isZero();
    }

    @Test
    void declinedDecisionIsNotExecuted() {
        // When a declined decision arrives
        var declined = approved(PLAN, executor.now, 1, 1, 1, 1, "s3://backup-bucket/spot-state/");
        declined.setOutcome(DecisionOutcome.DECLINED);
        executor.send(Topics.MIGRATION_DECISIONS, PLAN, declined);

        // Then nothing happens
        assertThat(executor.events).isEmpty();
        assertThat(executor.state(PLAN)).isNull();
    }

    @Test
    void stateSurvivesARestartBetweenAStepsStartAndItsVerdictWithoutASecondPolicyUpdate() {
        // Given step 1 started, then the executor is killed and another restores from the changelog
        approveAndReachFirstStep();
        passGate(0);
        long updatesBefore = executor.policyUpdates();
        executor.restart();

        // When the verdict for step 1 arrives at the new instance and the rest passes
        passGate(1);
        passGate(2);
        passGate(3);
        executor.send(Topics.GATE_VERDICTS, PLAN, criteriaVerdict(PLAN, executor.now, GateResult.PASS));

        // Then it continued from that step, and each step updated the group exactly once
        assertThat(updatesBefore).isEqualTo(2);
        assertThat(executor.policyUpdates()).isEqualTo(4);
        assertThat(executor.last().getStage()).isEqualTo(MigrationStage.COMPLETED);
    }

    @Test
    void killSwitchSendsARunningPlanBackToOnDemand() {
        // Given step 1 in flight
        approveAndReachFirstStep();
        passGate(0);

        // When the kill switch is engaged, and the next punctuation carries it to the plan
        KillSwitch engaged = ContractEvents.killSwitch(executor.now, true);
        executor.driver.createInputTopic(Topics.KILL_SWITCH.name(), new org.apache.kafka.common.serialization.StringSerializer(),
                PlainAvroSerde.of(KillSwitch.class).serializer()).pipeInput("global", engaged, executor.now);
        executor.advance(TopologyFixture.TICK);

        // Then the group is all on-demand with the reason
        assertThat(executor.onDemandPercentAboveBase()).isEqualTo(100);
        assertThat(executor.payloads(RolledBack.class)).extracting(RolledBack::getTrigger)
                .containsExactly(RollbackTrigger.KILL_SWITCH);
        assertThat(executor.last().getStage()).isEqualTo(MigrationStage.PAUSED);
    }

    @Test
    void undecodableRecordGoesToDeadLettersWithTheReason() {
        // When garbage arrives on the verdict topic
        executor.sendRaw(Topics.GATE_VERDICTS, PLAN, new byte[] {1, 2, 3});

        // Then it is kept as a dead letter with why, and the executor goes on
        var dead = executor.deadLetters();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).getSourceTopic()).isEqualTo(Topics.GATE_VERDICTS.name());
        assertThat(dead.get(0).getReason()).isNotBlank();
        approveAndReachFirstStep();
    }

    @Test
    void theKillSwitchIsTheLatestRecordUnderItsOneKeyInLogOrderNotByItsWritersClock() {
        // Given step 1 in flight
        approveAndReachFirstStep();
        passGate(0);
        var input = executor.driver.createInputTopic(Topics.KILL_SWITCH.name(),
                new org.apache.kafka.common.serialization.StringSerializer(),
                PlainAvroSerde.of(KillSwitch.class).serializer());

        // When a record under another key says engaged, dated far ahead
        input.pipeInput("x", ContractEvents.killSwitch(executor.now.plusSeconds(3_600), true), executor.now);
        executor.advance(TopologyFixture.TICK);

        // Then it is nobody's switch: the plan keeps shifting. Its source refuses the key, so the Streams
        // deserialization handler makes it a dead letter saying why (the test driver's global task only logs it;
        // ChaosIT sees the dead letter on a real stack).
        assertThat(executor.payloads(RolledBack.class)).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KillSwitchView.key(Topics.KILL_SWITCH.name(),
                "x".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .hasMessageContaining("under key 'x': the kill switch has one key, 'global'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KillSwitchView.value((topic, bytes) ->
                ContractEvents.metric(PLAN, executor.now)).deserialize(Topics.KILL_SWITCH.name(), new byte[1]))
                .hasMessageContaining("a MetricSample on kill-switch, which carries KillSwitch");

        // When the switch is engaged under its key, then released by a writer whose clock runs an hour behind
        input.pipeInput(Topics.KILL_SWITCH_KEY, ContractEvents.killSwitch(executor.now, true), executor.now);
        executor.advance(TopologyFixture.TICK);
        input.pipeInput(Topics.KILL_SWITCH_KEY, ContractEvents.killSwitch(executor.now.minusSeconds(3_600), false),
                executor.now);
        executor.advance(TopologyFixture.TICK);

        // Then the later record in the log wins: engaged once, then released
        assertThat(executor.payloads(RolledBack.class)).extracting(RolledBack::getTrigger)
                .containsExactly(RollbackTrigger.KILL_SWITCH);
        assertThat(executor.state(PLAN).killSwitchEngaged()).isFalse();
    }
}
