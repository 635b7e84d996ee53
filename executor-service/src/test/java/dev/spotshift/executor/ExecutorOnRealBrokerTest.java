package dev.spotshift.executor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static dev.spotshift.executor.streams.ContractEvents.payloads;
import static org.awaitility.Awaitility.await;

import dev.spotshift.cloud.Cloud;
import dev.spotshift.cloud.SpotShare;
import dev.spotshift.cloud.sim.SimulatedCloud;
import dev.spotshift.events.GateResult;
import dev.spotshift.events.MigrationDecision;
import dev.spotshift.events.MigrationFinished;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.RollbackLevel;
import dev.spotshift.events.RollbackTrigger;
import dev.spotshift.events.PreflightCompleted;
import dev.spotshift.events.RolledBack;
import dev.spotshift.events.RolloutPaused;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.RolloutStepCompleted;
import dev.spotshift.events.RolloutStepStarted;
import dev.spotshift.events.ValidationPeriodStarted;
import dev.spotshift.executor.streams.ContractEvents;
import dev.spotshift.infra.quarkus.LocalInfraTestResource;
import dev.spotshift.schemas.Envelopes;
import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.Topics;
import dev.spotshift.testsupport.BrokerClient;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import dev.spotshift.events.DeadLetter;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(LocalInfraTestResource.class)
class ExecutorOnRealBrokerTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @Inject
    Cloud cloud;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url")
    String registryUrl;

    private String planId;
    private BrokerClient broker;

    @BeforeEach
    void freshPlanAndGroup() {
        broker = new BrokerClient(bootstrap, registryUrl);
        planId = "plan-" + UUID.randomUUID();
        var fleet = ((SimulatedCloud) ClientProxy.unwrap(cloud)).capacity();
        if (fleet.listGroups(ContractEvents.REGION).stream().noneMatch(g -> g.name().equals(ContractEvents.GROUP))) {
            fleet.createGroup(ContractEvents.REGION, ContractEvents.GROUP, 1, 2, 1,
                    new SpotShare(0, 100, SpotShare.CAPACITY_OPTIMIZED, ContractEvents.TYPES));
        }
    }

    @Test
    void approvedPlanWalksEveryStepOnPassVerdictsAndEndsCompleted() {
        try (BrokerClient.Tail<RolloutEvent> events = broker.tail(Topics.ROLLOUT_EVENTS, planId)) {
            // Given an approved seconds-based plan and a workload that reports metrics
            approve();

            // When the monitor answers each step's announcement with PASS
            for (int step = 0; step < 4; step++) {
                int index = step;
                await().atMost(PATIENCE).until(() -> payloads(events.poll(), RolloutStepStarted.class).stream()
                        .anyMatch(s -> s.getStepIndex() == index));
                send(Topics.GATE_VERDICTS, ContractEvents.verdict(planId, Instant.now(), step, GateResult.PASS));
            }
            // And finds the success criteria held over the validation period it was told of
            await().atMost(PATIENCE).until(() -> !payloads(events.poll(), ValidationPeriodStarted.class).isEmpty());
            send(Topics.GATE_VERDICTS, ContractEvents.criteriaVerdict(planId, Instant.now(), GateResult.PASS));

            // Then the plan completes with every step done and the group all spot above base
            await().atMost(PATIENCE).until(() -> payloads(events.poll(), MigrationFinished.class).size() == 1);
            assertThat(payloads(events.poll(), MigrationFinished.class).get(0).getOutcome()).isEqualTo(MigrationStage.COMPLETED);
            assertThat(payloads(events.poll(), RolloutStepStarted.class)).extracting(RolloutStepStarted::getToSpotPercent)
                    .containsExactly(25, 50, 75, 100);
            RolloutEvent last = events.poll().get(events.poll().size() - 1);
            assertThat(last.getStage()).isEqualTo(MigrationStage.COMPLETED);
            assertThat(last.getSpotPercent()).isEqualTo(100);
        }
    }

    @Test
    void rollbackCommandIsAnsweredWithRolledBackCausedByIt() {
        try (BrokerClient.Tail<RolloutEvent> events = broker.tail(Topics.ROLLOUT_EVENTS, planId)) {
            // Given the plan's first step started
            approve();
            await().atMost(PATIENCE).until(() -> !payloads(events.poll(), RolloutStepStarted.class).isEmpty());

            // When the monitor orders a full rollback
            var command = ContractEvents.rollback(planId, Instant.now(), planId + ":ERROR_RATE:1", RollbackLevel.FULL,
                    RollbackTrigger.ERROR_RATE);
            send(Topics.ROLLBACK_COMMANDS, command);

            // Then RolledBack answers it and the plan ends ROLLED_BACK
            await().atMost(PATIENCE).until(() -> !payloads(events.poll(), RolledBack.class).isEmpty());
            RolloutEvent rolledBack = events.poll().stream().filter(e -> e.getPayload() instanceof RolledBack)
                    .findFirst().orElseThrow();
            assertThat(rolledBack.getEnvelope().getCausationId()).isEqualTo(command.getEnvelope().getEventId());
            assertThat(((RolledBack) rolledBack.getPayload()).getLevel()).isEqualTo(RollbackLevel.FULL);
            assertThat(((RolledBack) rolledBack.getPayload()).getCommandId()).isEqualTo(planId + ":ERROR_RATE:1");
            // And once the workload reports healthy on on-demand, the rollback procedure verifies stability and ends it
            await().atMost(PATIENCE).pollInterval(java.time.Duration.ofSeconds(1)).until(() -> {
                send(Topics.WORKLOAD_METRICS, ContractEvents.metric(planId, Instant.now()));
                return payloads(events.poll(), MigrationFinished.class).size() == 1;
            });
            assertThat(payloads(events.poll(), MigrationFinished.class).get(0).getOutcome())
                    .isEqualTo(MigrationStage.ROLLED_BACK);
        }
    }

    @Test
    void failVerdictAtFiftyStepsBackToTwentyFiveAndHolds() {
        try (BrokerClient.Tail<RolloutEvent> events = broker.tail(Topics.ROLLOUT_EVENTS, planId)) {
            // Given step 1 (50 %) started after step 0 passed
            approve();
            await().atMost(PATIENCE).until(() -> !payloads(events.poll(), RolloutStepStarted.class).isEmpty());
            send(Topics.GATE_VERDICTS, ContractEvents.verdict(planId, Instant.now(), 0, GateResult.PASS));
            await().atMost(PATIENCE).until(() -> payloads(events.poll(), RolloutStepStarted.class).size() == 2);

            // When its gate fails
            send(Topics.GATE_VERDICTS, ContractEvents.verdict(planId, Instant.now(), 1, GateResult.FAIL));

            // Then the executor steps back to 25 % and holds
            await().atMost(PATIENCE).until(() -> !payloads(events.poll(), RolloutPaused.class).isEmpty());
            RolledBack rolledBack = payloads(events.poll(), RolledBack.class).get(0);
            assertThat(rolledBack.getLevel()).isEqualTo(RollbackLevel.STEP);
            assertThat(rolledBack.getToSpotPercent()).isEqualTo(25);
            RolloutEvent last = events.poll().get(events.poll().size() - 1);
            assertThat(last.getStage()).isEqualTo(MigrationStage.PAUSED);
            assertThat(last.getSpotPercent()).isEqualTo(25);
        }
    }

    @Test
    void unwritableCheckpointBucketFailsPreflightBeforeAnyCapacityChange() {
        try (BrokerClient.Tail<RolloutEvent> events = broker.tail(Topics.ROLLOUT_EVENTS, planId)) {
            // Given the plan's checkpoint bucket is gone
            ((SimulatedCloud) ClientProxy.unwrap(cloud)).checkpoints().breakBucket("gone-bucket", "NoSuchBucket");

            // When the plan is approved
            send(Topics.MIGRATION_DECISIONS, ContractEvents.approved(planId, Instant.now(), 2_000, 1_000, 1_000, 1_000,
                    "s3://gone-bucket/spot-state/"));

            // Then pre-flight fails with the reason and no step ever starts
            await().atMost(PATIENCE).until(() -> payloads(events.poll(), MigrationFinished.class).size() == 1);
            assertThat(payloads(events.poll(), PreflightCompleted.class).get(0).getPassed()).isFalse();
            assertThat(payloads(events.poll(), MigrationFinished.class).get(0).getOutcome())
                    .isEqualTo(MigrationStage.PREFLIGHT_FAILED);
            assertThat(payloads(events.poll(), MigrationFinished.class).get(0).getReason()).contains("NoSuchBucket");
            assertThat(payloads(events.poll(), RolloutStepStarted.class)).isEmpty();
        }
    }

    @Test
    void everyEventOfThePlanStaysInTheDecisionsTraceAndStepsAreTimedOnMetrics() {
        try (BrokerClient.Tail<RolloutEvent> events = broker.tail(Topics.ROLLOUT_EVENTS, planId)) {
            // Given an approved plan whose decision is in a trace
            MigrationDecision decision = ContractEvents.approved(planId, Instant.now(), 2_000, 1_000, 1_000, 1_000,
                    "s3://backup-bucket/spot-state/");
            decision.getEnvelope().setTraceparent(Envelopes.newTraceparent());
            send(Topics.MIGRATION_DECISIONS, decision);
            send(Topics.WORKLOAD_METRICS, ContractEvents.metric(planId, Instant.now()));

            // When its first step passes its gate
            await().atMost(PATIENCE).until(() -> payloads(events.poll(), RolloutStepStarted.class).stream()
                    .anyMatch(s -> s.getStepIndex() == 0));
            send(Topics.GATE_VERDICTS, ContractEvents.verdict(planId, Instant.now(), 0, GateResult.PASS));
            await().atMost(PATIENCE).until(() -> !payloads(events.poll(), RolloutStepCompleted.class).isEmpty());

            // Then every event so far, those its timers caused included, is in the decision's trace
            String trace = Envelopes.traceId(decision.getEnvelope().getTraceparent());
            assertThat(events.poll()).isNotEmpty()
                    .allSatisfy(e -> assertThat(Envelopes.traceId(e.getEnvelope().getTraceparent())).isEqualTo(trace));
            // And /q/metrics has the step's duration and the events in and out per topic
            assertThat(given().when().get("/q/metrics").then().statusCode(200).extract().asString())
                    .contains("spotshift_executor_step_duration_seconds_count{step=\"0\"}")
                    .contains("spotshift_events_in_total{topic=\"" + Topics.MIGRATION_DECISIONS.name() + "\",type=\"MigrationDecision\"}")
                    .contains("spotshift_events_out_total{topic=\"" + Topics.ROLLOUT_EVENTS.name() + "\",type=\"RolloutStepStarted\"}");
        }
    }

    @Test
    void garbageUnderAForeignKeyOnTheKillSwitchIsADeadLetterAndThePlansGoOn() {
        try (BrokerClient.Tail<RolloutEvent> events = broker.tail(Topics.ROLLOUT_EVENTS, planId);
             BrokerClient.Tail<DeadLetter> letters = broker.tail(Topics.DEAD_LETTERS)) {
            // Given a running executor
            String stranger = "not-the-switch-" + UUID.randomUUID();

            // When garbage arrives on the kill switch under a key that is not the switch's
            broker.publishRaw(Topics.KILL_SWITCH, stranger, "garbage".getBytes(StandardCharsets.UTF_8));

            // Then it is a dead letter naming the topic, the key and why
            java.util.List<DeadLetter> seen = await().atMost(PATIENCE).until(letters::poll,
                    l -> l.stream().anyMatch(d -> d.getSourceTopic().equals(Topics.KILL_SWITCH.name())
                            && stranger.equals(d.getKey())));
            assertThat(seen).filteredOn(l -> stranger.equals(l.getKey())).singleElement()
                    .satisfies(l -> assertThat(l.getReason()).contains("the kill switch has one key"));

            // And the executor goes on: a plan approved afterwards starts its first step
            approve();
            await().atMost(PATIENCE).until(() -> payloads(events.poll(), RolloutStepStarted.class).stream()
                    .anyMatch(s -> s.getStepIndex() == 0));
        }
    }

    @AfterEach
    void closeClient() {
        broker.close();
    }

    private void approve() {
        send(Topics.MIGRATION_DECISIONS, ContractEvents.approved(planId, Instant.now(), 2_000, 1_000, 1_000, 1_000,
                "s3://backup-bucket/spot-state/"));
        send(Topics.WORKLOAD_METRICS, ContractEvents.metric(planId, Instant.now()));
    }

    private <V extends SpecificRecord> void send(Topic<V> topic, V value) {
        broker.publish(topic, planId, value);
    }
}
