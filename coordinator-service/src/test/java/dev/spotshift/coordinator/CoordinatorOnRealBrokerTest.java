package dev.spotshift.coordinator;

import static dev.spotshift.coordinator.domain.SeedPlans.assessmentEvent;
import static dev.spotshift.coordinator.domain.SeedPlans.pilotPlan;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import dev.spotshift.events.AgentKind;
import dev.spotshift.events.AgentVote;
import dev.spotshift.events.AssessmentEvent;
import dev.spotshift.events.DecisionOutcome;
import dev.spotshift.events.MigrationDecision;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.Reason;
import dev.spotshift.infra.quarkus.LocalInfraTestResource;
import dev.spotshift.schemas.Envelopes;
import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.Topics;
import dev.spotshift.testsupport.BrokerClient;
import dev.spotshift.schemas.streams.ReplaceStreamThread;
import dev.spotshift.schemas.streams.StreamsReadiness;
import jakarta.inject.Inject;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The service as deployed: real broker and registry, the analyzer's event in, votes and a decision out. */
@QuarkusTest
@WithTestResource(LocalInfraTestResource.class)
class CoordinatorOnRealBrokerTest {

    /** Generous: the first test also waits for Kafka Streams to join its group and create its changelog. */
    private static final Duration WAIT = Duration.ofSeconds(120);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url")
    String registryUrl;

    @Inject
    StreamsUncaughtExceptionHandler uncaughtExceptionHandler;

    @Test
    void isReadyOnlyWithItsStreamsRunningAndItsSchemasRegisteredAndReplacesDeadStreamThreads() {
        // When the service has started, Then readiness names the Streams client running and every output schema registered
        await().atMost(WAIT).untilAsserted(() -> given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == '" + StreamsReadiness.NAME + "' }.status", is("UP"))
                .body("checks.find { it.name == 'Schema registry' }.data.schemas", is("3/3 registered")));
        // And the registry holds the dead-letter schema before any dead letter is written
        given().when().get(registryUrl + "/groups/default/artifacts/" + Topics.DEAD_LETTERS.name() + "-value/meta")
                .then().statusCode(200);
        // And Quarkus's Kafka Streams picks up the policy that replaces a dead stream thread
        assertThat(uncaughtExceptionHandler).isInstanceOf(ReplaceStreamThread.class);
    }

    @Test
    void anAssessedPilotYieldsThreeVotesAndOneApprovalOnTheTopics() {
        String planId = "plan-" + UUID.randomUUID();
        AssessmentEvent assessment = assessmentEvent(planId, pilotPlan().build(), Clock.systemUTC());

        publish(assessment);

        List<AgentVote> votes = readFor(Topics.AGENT_VOTES, planId, 3);
        assertThat(votes).extracting(AgentVote::getAgent)
                .containsExactlyInAnyOrder(AgentKind.PERFORMANCE, AgentKind.RESOURCE, AgentKind.APPLICATION);
        assertThat(votes).allSatisfy(v -> assertThat(v.getEnvelope().getCausationId())
                .isEqualTo(assessment.getEnvelope().getEventId()));
        List<MigrationDecision> decisions = readFor(Topics.MIGRATION_DECISIONS, planId, 1);
        assertThat(decisions).singleElement().satisfies(d -> {
            assertThat(d.getOutcome()).isEqualTo(DecisionOutcome.APPROVED);
            assertThat(d.getVotes()).hasSize(3);
        });
    }

    @Test
    void aPlanThatDeclaresRealTimeIsDeclinedWithTheApplicationAgentsReason() {
        String planId = "plan-" + UUID.randomUUID();
        MigrationPlan plan = pilotPlan().build();
        plan.getWorkload().setRealTimeRequirement(true);

        publish(assessmentEvent(planId, plan, Clock.systemUTC()));

        MigrationDecision d = readFor(Topics.MIGRATION_DECISIONS, planId, 1).get(0);
        assertThat(d.getOutcome()).isEqualTo(DecisionOutcome.DECLINED);
        assertThat(d.getReasons()).extracting(Reason::getCode).contains("REAL_TIME_REQUIREMENT");
    }

    @Test
    void aDecisionKeepsTheAssessmentsTraceAndIsCountedByOutcome() {
        // Given an assessment in a trace
        String planId = "plan-" + UUID.randomUUID();
        AssessmentEvent assessment = assessmentEvent(planId, pilotPlan().build(), Clock.systemUTC());
        String traceId = Envelopes.traceId(assessment.getEnvelope().getTraceparent());

        // When the coordinator decides
        publish(assessment);

        // Then votes and decision are in that trace, and /q/metrics counts them
        assertThat(readFor(Topics.AGENT_VOTES, planId, 3))
                .allSatisfy(v -> assertThat(Envelopes.traceId(v.getEnvelope().getTraceparent())).isEqualTo(traceId));
        assertThat(readFor(Topics.MIGRATION_DECISIONS, planId, 1))
                .allSatisfy(d -> assertThat(Envelopes.traceId(d.getEnvelope().getTraceparent())).isEqualTo(traceId));
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains("spotshift_coordinator_decisions_total{decided_by=\"ALL_VOTES\",outcome=\"APPROVED\"}")
                .contains("spotshift_events_in_total{topic=\"" + Topics.SPOT_ASSESSMENTS.name() + "\",type=\"OpportunityAssessed\"}")
                .contains("spotshift_events_out_total{topic=\"" + Topics.AGENT_VOTES.name() + "\",type=\"AgentVote\"}")
                .contains("spotshift_events_out_total{topic=\"" + Topics.MIGRATION_DECISIONS.name() + "\",type=\"MigrationDecision\"}");
    }

    private void publish(AssessmentEvent event) {
        try (BrokerClient broker = new BrokerClient(bootstrapServers, registryUrl)) {
            broker.publish(Topics.SPOT_ASSESSMENTS, event.getEnvelope().getPlanId(), event);
        }
    }

    /** Reads committed records of {@code topic} until {@code count} belong to {@code planId}, within {@link #WAIT}. */
    private <V extends SpecificRecord> List<V> readFor(Topic<V> topic, String planId, int count) {
        try (BrokerClient broker = new BrokerClient(bootstrapServers, registryUrl)) {
            return broker.readUntil(topic, planId, WAIT, l -> l.size() >= count);
        }
    }
}
