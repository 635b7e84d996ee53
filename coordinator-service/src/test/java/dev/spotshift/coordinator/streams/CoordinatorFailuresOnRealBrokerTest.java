package dev.spotshift.coordinator.streams;

import static dev.spotshift.coordinator.domain.SeedPlans.assessmentEvent;
import static dev.spotshift.coordinator.domain.SeedPlans.pilotPlan;
import static dev.spotshift.coordinator.domain.SeedPlans.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spotshift.coordinator.domain.Agent;
import dev.spotshift.coordinator.domain.ApplicationAgent;
import dev.spotshift.coordinator.domain.InstanceCatalog;
import dev.spotshift.coordinator.domain.Opinion;
import dev.spotshift.coordinator.domain.PerformanceAgent;
import dev.spotshift.coordinator.domain.ResourceAgent;
import dev.spotshift.coordinator.domain.Votes;
import dev.spotshift.events.AgentKind;
import dev.spotshift.events.AgentVote;
import dev.spotshift.events.ApprovalRule;
import dev.spotshift.events.DecisionBasis;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.Reason;
import dev.spotshift.events.AssessmentEvent;
import dev.spotshift.events.DeadLetter;
import dev.spotshift.events.DecisionOutcome;
import dev.spotshift.events.MigrationDecision;
import dev.spotshift.events.OpportunityAssessed;
import dev.spotshift.infra.LocalInfra;
import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.Topics;
import dev.spotshift.testsupport.BrokerClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import io.apicurio.rest.client.VertxHttpClientProvider;
import io.apicurio.rest.client.spi.ApicurioHttpClientFactory;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the coordinator does when things go wrong, on a real broker and registry: an agent that never
 * votes, and a restart between the second and the third vote with the local state gone.
 * Runs in its own JVM (see the pom) so no other coordinator reads the topics.
 */
class CoordinatorFailuresOnRealBrokerTest {

    private static final Duration WAIT = Duration.ofSeconds(120);

    /** The test hook that silences the application agent: it never votes, the test votes in its place. */
    private static final Agent SILENT_APPLICATION_AGENT = new Agent() {
        @Override public AgentKind kind() { return AgentKind.APPLICATION; }
        @Override public Opinion assess(OpportunityAssessed a) { throw new IllegalStateException("silenced by the test"); }
    };

    private static Vertx vertx;

    @TempDir
    Path firstStateDir;
    @TempDir
    Path secondStateDir;

    private final LocalInfra infra = LocalInfra.shared();
    private final String applicationId = "coordinator-restart-" + UUID.randomUUID();

    /** Outside Quarkus nobody gives the registry client its HTTP transport; Quarkus uses this same one. */
    @BeforeAll
    static void registryClientTransport() {
        vertx = Vertx.vertx();
        ApicurioHttpClientFactory.setProvider(new VertxHttpClientProvider(vertx));
    }

    @AfterAll
    static void closeTransport() {
        vertx.close();
    }

    @Test
    void aRestartWithLostLocalStateBetweenTheSecondAndThirdVoteStillDecidesExactlyOnce() {
        String planId = "plan-" + UUID.randomUUID();
        AssessmentEvent assessment = assessmentEvent(planId, pilotPlan().build(), Clock.systemUTC());

        // Given a coordinator that has cast two of three votes
        KafkaStreams first = start(firstStateDir);
        publish(Topics.SPOT_ASSESSMENTS, planId, assessment);
        assertThat(readAtLeast(Topics.AGENT_VOTES, planId, 2)).hasSize(2);
        first.close(Duration.ofSeconds(30));

        // When a new instance with empty local state takes over and the third vote arrives
        KafkaStreams second = start(secondStateDir);
        try {
            AgentVote third = Votes.of(new ApplicationAgent(), assessment.getEnvelope(),
                    (OpportunityAssessed) assessment.getPayload(), Clock.systemUTC());
            publish(Topics.AGENT_VOTES, planId, third);

            // Then the ballot restored from Kafka decides with all three votes
            MigrationDecision decision = readAtLeast(Topics.MIGRATION_DECISIONS, planId, 1).get(0);
            assertThat(decision.getOutcome()).isEqualTo(DecisionOutcome.APPROVED);
            assertThat(decision.getVotes()).hasSize(3);
            assertThat(decision.getEnvelope().getCausationId()).isEqualTo(third.getEnvelope().getEventId());

            // And a straggler after the decision is set aside, not decided on again
            AgentVote straggler = Votes.of(new ApplicationAgent(), assessment.getEnvelope(),
                    (OpportunityAssessed) assessment.getPayload(), Clock.systemUTC());
            publish(Topics.AGENT_VOTES, planId, straggler);
            assertThat(readAtLeast(Topics.DEAD_LETTERS, planId, 2)).extracting(DeadLetter::getReason)
                    .anySatisfy(r -> assertThat(r).startsWith("VOTE_AFTER_DECISION"));
            assertThat(readAtLeast(Topics.MIGRATION_DECISIONS, planId, 1)).hasSize(1);
        } finally {
            second.close(Duration.ofSeconds(30));
        }
    }

    @Test
    void aSilencedAgentIsTimedOutAtTheDeadlineWithNoFurtherInput() {
        String planId = "plan-" + UUID.randomUUID();
        MigrationPlan plan = pilotPlan().setApproval(policy(ApprovalRule.UNANIMOUS).setDeadlineMillis(3_000).build()).build();

        KafkaStreams streams = start(firstStateDir);
        try {
            publish(Topics.SPOT_ASSESSMENTS, planId, assessmentEvent(planId, plan, Clock.systemUTC()));

            MigrationDecision decision = readAtLeast(Topics.MIGRATION_DECISIONS, planId, 1).get(0);
            assertThat(decision.getOutcome()).isEqualTo(DecisionOutcome.DECLINED);
            assertThat(decision.getDecidedBy()).isEqualTo(DecisionBasis.DEADLINE);
            assertThat(decision.getMissingAgents()).containsExactly(AgentKind.APPLICATION);
            assertThat(decision.getReasons()).extracting(Reason::getCode).contains("TIMED_OUT");
        } finally {
            streams.close(Duration.ofSeconds(30));
        }
    }

    private KafkaStreams start(Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        // Streams does not leave its group on close; the broker's minimum session lets the new
        // instance take the partitions over without waiting out the default 45 s.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6000);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1500);
        List<Agent> agents = List.of(new PerformanceAgent(InstanceCatalog.standard()), new ResourceAgent(),
                SILENT_APPLICATION_AGENT);
        KafkaStreams streams = new KafkaStreams(CoordinatorTopology.build(agents,
                dev.spotshift.schemas.TopicSerdes.registry(infra.registryUrl()), Duration.ofSeconds(1), Duration.ofDays(7)), props);
        streams.start();
        await().atMost(WAIT).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        return streams;
    }

    private <V extends SpecificRecord> void publish(Topic<V> topic, String planId, V value) {
        try (BrokerClient broker = new BrokerClient(infra.bootstrapServers(), infra.registryUrl())) {
            broker.publish(topic, planId, value);
        }
    }

    /** Every committed record of {@code planId} on {@code topic}, once at least {@code count} are there. */
    private <V extends SpecificRecord> List<V> readAtLeast(Topic<V> topic, String planId, int count) {
        try (BrokerClient broker = new BrokerClient(infra.bootstrapServers(), infra.registryUrl())) {
            // each read goes to the topic's end as it stands, so a record past the count is in the answer too
            return await().atMost(WAIT).until(() -> broker.readAll(topic, planId), l -> l.size() >= count);
        }
    }
}
