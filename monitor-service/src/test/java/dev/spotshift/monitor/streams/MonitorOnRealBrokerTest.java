package dev.spotshift.monitor.streams;

import static dev.spotshift.monitor.streams.Events.approved;
import static dev.spotshift.monitor.streams.Events.healthy;
import static dev.spotshift.monitor.streams.Events.sample;
import static dev.spotshift.monitor.streams.Events.shortThresholds;
import static dev.spotshift.monitor.streams.Events.stepStarted;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.spotshift.events.GateResult;
import dev.spotshift.events.GateVerdict;
import dev.spotshift.events.MetricSample;
import dev.spotshift.events.MigrationDecision;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.ReviewMetric;
import dev.spotshift.events.ReviewRule;
import dev.spotshift.events.ReviewSignal;
import dev.spotshift.events.ReviewState;
import dev.spotshift.events.RollbackCommand;
import dev.spotshift.events.RollbackLevel;
import dev.spotshift.events.RollbackTrigger;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.infra.quarkus.LocalInfraTestResource;
import dev.spotshift.schemas.Envelopes;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.streams.StreamsReadiness;
import dev.spotshift.testsupport.BrokerClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(LocalInfraTestResource.class)
class MonitorOnRealBrokerTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url")
    String registryUrl;
    @Inject
    KafkaStreams streams;

    private BrokerClient broker;
    private final String planId = "plan-" + UUID.randomUUID();

    @BeforeEach
    void monitorIsRunning() {
        broker = new BrokerClient(bootstrapServers, registryUrl);
        // Publish only once the monitor consumes, so the gate's wall clock starts with the step
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
    }

    @AfterEach
    void closeClients() {
        broker.close();
    }

    /**
     * Approval and a first step of 25 % spot whose gate is due ten seconds from now: room for a
     * slow, shared machine to deliver the samples before the wall clock closes the window.
     */
    private RolloutEvent liveAtFirstStep(long now) {
        broker.publish(Topics.MIGRATION_DECISIONS, planId, approved(planId, now - 2_000, shortThresholds()));
        RolloutEvent step = stepStarted(planId, now - 1_000, 0, 0, 25, now + 10_000);
        broker.publish(Topics.ROLLOUT_EVENTS, planId, step);
        return step;
    }

    @Test
    void anErrorSpikeProducesExactlyOneFullRollbackAndAFailedGate() {
        // Given a live plan in its first step
        long now = System.currentTimeMillis();
        RolloutEvent step = liveAtFirstStep(now);

        // When three samples in a row carry failed jobs
        MetricSample first = sample(planId, now, 8, 2, 1_000, 25);
        broker.publish(Topics.WORKLOAD_METRICS, planId, first);
        broker.publish(Topics.WORKLOAD_METRICS, planId, sample(planId, now + 100, 8, 2, 1_000, 25));
        broker.publish(Topics.WORKLOAD_METRICS, planId, sample(planId, now + 200, 8, 2, 1_000, 25));

        // Then one full rollback answers the first breaching sample ...
        List<RollbackCommand> commands = broker.readUntil(Topics.ROLLBACK_COMMANDS, planId, l -> !l.isEmpty());
        assertThat(commands).singleElement().satisfies(c -> {
            assertThat(c.getLevel()).isEqualTo(RollbackLevel.FULL);
            assertThat(c.getTrigger()).isEqualTo(RollbackTrigger.JOB_FAILURE);
            assertThat(c.getEnvelope().getCausationId()).isEqualTo(first.getEnvelope().getEventId());
        });
        // ... the step's gate fails once the wall clock passes it ...
        List<GateVerdict> verdicts = broker.readUntil(Topics.GATE_VERDICTS, planId, l -> !l.isEmpty());
        assertThat(verdicts).singleElement().satisfies(v -> {
            assertThat(v.getResult()).as("reasons %s", v.getReasons()).isEqualTo(GateResult.FAIL);
            assertThat(v.getEnvelope().getCausationId()).isEqualTo(step.getEnvelope().getEventId());
        });
        // ... and still exactly one command was committed after all that
        assertThat(broker.readUntil(Topics.ROLLBACK_COMMANDS, planId, l -> !l.isEmpty())).hasSize(1);
        // ... and the status topic's latest record reflects the verdict
        List<MigrationStatus> statuses = broker.readUntil(Topics.MIGRATION_STATUS, planId,
                l -> !l.isEmpty() && l.get(l.size() - 1).getLastVerdict() != null);
        MigrationStatus latest = statuses.get(statuses.size() - 1);
        assertThat(latest.getStage()).isEqualTo(MigrationStage.SHIFTING);
        assertThat(latest.getSpotPercent()).isEqualTo(25);
        assertThat(latest.getLastVerdict()).isEqualTo("step 0: FAIL");
    }

    @Test
    void aRollbackAndAVerdictAnswerSamplesInThePlansTraceAndAreCounted() {
        // Given an approved plan in its first step, and a failing sample from outside the plan's trace
        long now = System.currentTimeMillis();
        MigrationDecision decision = approved(planId, now - 2_000, shortThresholds());
        decision.getEnvelope().setTraceparent(Envelopes.newTraceparent());
        broker.publish(Topics.MIGRATION_DECISIONS, planId, decision);
        broker.publish(Topics.ROLLOUT_EVENTS, planId, stepStarted(planId, now - 1_000, 0, 0, 25, now + 10_000));
        String planTrace = Envelopes.traceId(decision.getEnvelope().getTraceparent());

        // When the sample breaches
        MetricSample failing = sample(planId, now, 8, 2, 1_000, 25);
        failing.getEnvelope().setTraceparent(Envelopes.newTraceparent());
        broker.publish(Topics.WORKLOAD_METRICS, planId, failing);

        // Then the rollback command and the gate verdict are in the plan's trace
        assertThat(broker.readUntil(Topics.ROLLBACK_COMMANDS, planId, l -> !l.isEmpty())).singleElement()
                .satisfies(c -> assertThat(Envelopes.traceId(c.getEnvelope().getTraceparent())).isEqualTo(planTrace));
        assertThat(broker.readUntil(Topics.GATE_VERDICTS, planId, l -> !l.isEmpty())).singleElement()
                .satisfies(v -> assertThat(Envelopes.traceId(v.getEnvelope().getTraceparent())).isEqualTo(planTrace));
        // And /q/metrics counts the rollback by trigger and level, and the events in and out per topic
        assertThat(given().when().get("/q/metrics").then().statusCode(200).extract().asString())
                .contains("spotshift_monitor_commands_emitted_total{level=\"FULL\",trigger=\"JOB_FAILURE\"}")
                .contains("spotshift_events_in_total{topic=\"" + Topics.WORKLOAD_METRICS.name() + "\",type=\"MetricSample\"}")
                .contains("spotshift_events_out_total{topic=\"" + Topics.ROLLBACK_COMMANDS.name() + "\",type=\"RollbackCommand\"}")
                .contains("spotshift_events_out_total{topic=\"" + Topics.GATE_VERDICTS.name() + "\",type=\"GateVerdict\"}");
    }

    @Test
    void aHotCpuRaisesAScaleReviewOnTheReviewTopicAndInTheStatusWithoutARollback() {
        // Given an approved plan with seed 000's scale review (CPU above 80 %), its window shortened to 2 s
        long now = System.currentTimeMillis();
        MigrationDecision decision = approved(planId, now - 2_000, shortThresholds());
        decision.getPlan().setReviews(List.of(ReviewRule.newBuilder().setAction("scale_review")
                .setMetric(ReviewMetric.CPU_UTILISATION_PERCENT).setAtMost(80.0).setWindowMillis(2_000).build()));
        broker.publish(Topics.MIGRATION_DECISIONS, planId, decision);

        // When three seconds of samples run at 90 % CPU
        for (int i = 0; i < 3; i++) {
            broker.publish(Topics.WORKLOAD_METRICS, planId,
                    MetricSample.newBuilder(healthy(planId, now + i * 1_000L, 25)).setCpuUtilisationPercent(90).build());
        }

        // Then one review is raised on review-signals, the status lists it open, and no capacity is moved
        List<ReviewSignal> reviews = broker.readUntil(Topics.REVIEW_SIGNALS, planId, l -> !l.isEmpty());
        assertThat(reviews).singleElement().satisfies(r -> {
            assertThat(r.getAction()).isEqualTo("scale_review");
            assertThat(r.getState()).isEqualTo(ReviewState.RAISED);
            assertThat(r.getMeasurement().getObserved()).isEqualTo(90.0);
        });
        List<MigrationStatus> statuses = broker.readUntil(Topics.MIGRATION_STATUS, planId,
                l -> !l.isEmpty() && !l.get(l.size() - 1).getReviews().isEmpty());
        assertThat(statuses.get(statuses.size() - 1).getReviews()).singleElement()
                .satisfies(r -> assertThat(r.getOpen()).isTrue());
        assertThat(broker.readUntil(Topics.ROLLBACK_COMMANDS, planId, l -> true)).isEmpty();
    }

    @Test
    void aCleanStreamPassesTheGateAndIsQueryableByPlan() {
        long now = System.currentTimeMillis();
        liveAtFirstStep(now);
        for (int i = 0; i < 3; i++) {
            broker.publish(Topics.WORKLOAD_METRICS, planId, healthy(planId, now + i * 100L, 25));
        }

        List<GateVerdict> verdicts = broker.readUntil(Topics.GATE_VERDICTS, planId, l -> !l.isEmpty());

        assertThat(verdicts).singleElement().satisfies(v -> {
            assertThat(v.getResult()).as("reasons %s", v.getReasons()).isEqualTo(GateResult.PASS);
            assertThat(v.getSamples()).isEqualTo(3);
        });
        assertThat(broker.readUntil(Topics.ROLLBACK_COMMANDS, planId, l -> true)).isEmpty();
        // Without a token: a 401 problem with the bearer challenge, like the analyzer's door
        given().when().get("/plans/{planId}/status", planId).then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", "Bearer")
                .body("type", is("urn:spotshift:problem:unauthenticated"));
        String reader = io.smallrye.jwt.build.Jwt.issuer(dev.spotshift.infra.RestIssuer.ISSUER).subject("reader")
                .upn("reader").groups(dev.spotshift.schemas.access.RestAccess.READ).expiresIn(java.time.Duration.ofMinutes(5))
                .sign(dev.spotshift.infra.RestIssuer.shared().privateKey().toUri().toString());
        given().header("Authorization", "Bearer " + reader).when().get("/plans/{planId}/status", planId)
                .then().statusCode(200).body(containsString("step 0: PASS"));
        // A token without the read role: 403; an unknown plan: 404, both problems
        String stranger = io.smallrye.jwt.build.Jwt.issuer(dev.spotshift.infra.RestIssuer.ISSUER).subject("stranger")
                .groups("someone-else").expiresIn(java.time.Duration.ofMinutes(5))
                .sign(dev.spotshift.infra.RestIssuer.shared().privateKey().toUri().toString());
        given().header("Authorization", "Bearer " + stranger).when().get("/plans/{planId}/status", planId)
                .then().statusCode(403).contentType("application/problem+json").body("type", is("urn:spotshift:problem:forbidden"));
        given().header("Authorization", "Bearer " + reader).when().get("/plans/{planId}/status", "no-such-plan")
                .then().statusCode(404).contentType("application/problem+json").body("type", is("urn:spotshift:problem:not-found"));
    }

    @Test
    void poisonOnItsInputsBecomesDeadLettersWhileItStaysReadyAndJudgesAnotherPlan() {
        // Given the monitor is ready: its Streams client runs and every schema it writes is registered
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("checks.find { it.name == '" + StreamsReadiness.NAME + "' }.status", is("UP"))
                .body("checks.find { it.name == 'Schema registry' }.data.schemas", is("5/5 registered")));
        String poisoned = "plan-poison-" + UUID.randomUUID();
        long now = System.currentTimeMillis();
        liveAtFirstStep(now);

        // When garbage and a tombstone land on plan topics, and the live plan gets a sample dated an hour ahead
        broker.publishRaw(Topics.MIGRATION_DECISIONS, poisoned, "garbage".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        broker.publishRaw(Topics.WORKLOAD_METRICS, poisoned, null);
        broker.publish(Topics.WORKLOAD_METRICS, planId, healthy(planId, now + 3_600_000, 25));
        for (int i = 0; i < 3; i++) {
            broker.publish(Topics.WORKLOAD_METRICS, planId, healthy(planId, now + i * 100L, 25));
        }

        // Then each is a dead letter with its reason
        assertThat(broker.readUntil(Topics.DEAD_LETTERS, poisoned, l -> l.size() >= 2))
                .extracting(d -> d.getReason()).anySatisfy(r -> assertThat(r).contains("undecodable"))
                .anySatisfy(r -> assertThat(r).contains("tombstone"));
        assertThat(broker.readUntil(Topics.DEAD_LETTERS, planId, l -> !l.isEmpty())).singleElement()
                .satisfies(d -> assertThat(d.getReason()).contains("ahead of the wall clock"));
        // And the live plan's gate is judged on its own window, on time, with the monitor still running and ready
        assertThat(broker.readUntil(Topics.GATE_VERDICTS, planId, l -> !l.isEmpty())).singleElement().satisfies(v -> {
            assertThat(v.getResult()).as("reasons %s", v.getReasons()).isEqualTo(GateResult.PASS);
            assertThat(v.getSamples()).isEqualTo(3);
        });
        assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
        given().when().get("/q/health/ready").then().statusCode(200);
    }
}
