package dev.spotshift.coordinator.streams;

import static dev.spotshift.coordinator.domain.SeedPlans.assessmentEvent;
import static dev.spotshift.coordinator.domain.SeedPlans.pilotPlan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotshift.coordinator.domain.Agent;
import dev.spotshift.coordinator.domain.Ballot;
import dev.spotshift.coordinator.domain.InstanceCatalog;
import dev.spotshift.coordinator.domain.PerformanceAgent;
import dev.spotshift.coordinator.domain.ResourceAgent;
import dev.spotshift.events.AgentVote;
import dev.spotshift.events.AssessmentEvent;
import dev.spotshift.events.DeadLetter;
import dev.spotshift.events.DecisionBasis;
import dev.spotshift.events.MigrationDecision;
import dev.spotshift.events.OperatorAction;
import dev.spotshift.events.OperatorCommand;
import dev.spotshift.schemas.AvroBinarySerde;
import dev.spotshift.schemas.Envelopes;
import dev.spotshift.schemas.TopicSerdes;
import dev.spotshift.schemas.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import dev.spotshift.schemas.access.JwtSigner;
import dev.spotshift.schemas.access.OperatorProof;
import dev.spotshift.schemas.access.RestAccess;
import java.security.KeyPair;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoisonAndQuarantineTopologyTest {

    private static final Instant START = Instant.parse("2026-01-01T02:00:00Z");
    private static final String BROKEN = "plan-broken";
    private static final String HEALTHY = "plan-healthy";
    /** Two of three agents: every ballot waits for its deadline (60 s in the pilot plan). */
    private static final List<Agent> TWO_AGENTS = List.of(new PerformanceAgent(InstanceCatalog.standard()), new ResourceAgent());

    @TempDir
    Path stateDir;

    private final Clock clock = Clock.fixed(START, java.time.ZoneOffset.UTC);
    private TopologyTestDriver driver;
    /** Operators' tokens checked against this issuer when a test sets it before starting; null: RETRY as written. */
    private OperatorProof proof;
    private TestInputTopic<String, AssessmentEvent> assessments;
    private TestInputTopic<String, byte[]> rawAssessments;
    private TestInputTopic<String, byte[]> rawVotes;
    private TestInputTopic<String, OperatorCommand> operatorCommands;
    private TestInputTopic<String, byte[]> rawOperatorCommands;
    private TestOutputTopic<String, AgentVote> votes;
    private TestOutputTopic<String, MigrationDecision> decisions;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void deadLettersATombstoneWithItsReason() {
        // Given a running coordinator
        start((planId, subject) -> { });

        // When a tombstone lands on spot-assessments
        rawAssessments.pipeInput(HEALTHY, (byte[]) null);

        // Then it is a dead letter that says so
        assertThat(deadLetters.readValuesToList()).singleElement().satisfies(d -> {
            assertThat(d.getSourceTopic()).isEqualTo(Topics.SPOT_ASSESSMENTS.name());
            assertThat(d.getKey()).isEqualTo(HEALTHY);
            assertThat(d.getReason()).contains("tombstone");
        });
    }

    @Test
    void deadLettersAVoteWithoutAKeyWithItsReason() {
        // Given a running coordinator
        start((planId, subject) -> { });

        // When a vote's bytes arrive with no key
        rawVotes.pipeInput(null, new byte[] {1, 2, 3});

        // Then it is a dead letter that says why, with its bytes
        assertThat(deadLetters.readValuesToList()).singleElement().satisfies(d -> {
            assertThat(d.getSourceTopic()).isEqualTo(Topics.AGENT_VOTES.name());
            assertThat(d.getKey()).isNull();
            assertThat(d.getReason()).contains("no key");
            assertThat(d.getValue().remaining()).isEqualTo(3);
        });
    }

    @Test
    void quarantinesOnlyThePlanWhoseAssessmentMadeTheDomainThrow() {
        // Given the domain throws on one plan's assessment
        start((planId, subject) -> {
            if (planId.equals(BROKEN) && subject instanceof AssessmentEvent) {
                throw new IllegalStateException("ballot arithmetic broke on this plan");
            }
        });

        // When both plans are assessed
        assessments.pipeInput(BROKEN, assessmentEvent(BROKEN, pilotPlan().build(), clock));
        assessments.pipeInput(HEALTHY, assessmentEvent(HEALTHY, pilotPlan().build(), clock));

        // Then the broken plan's assessment is a dead letter carrying its bytes and the exception
        assertThat(deadLetters.readValuesToList()).singleElement().satisfies(d -> {
            assertThat(d.getKey()).isEqualTo(BROKEN);
            assertThat(d.getExceptionClass()).isEqualTo(IllegalStateException.class.getName());
            assertThat(d.getReason()).contains("quarantined plan " + BROKEN).contains("ballot arithmetic broke");
            assertThat(d.getValue()).isNotNull();
        });
        // And the other plan is voted on
        assertThat(votes.readValuesToList()).extracting(v -> v.getEnvelope().getPlanId()).containsOnly(HEALTHY).hasSize(2);

        // When the broken plan's assessment comes again, Then it is dead-lettered as quarantined, not judged
        assessments.pipeInput(BROKEN, assessmentEvent(BROKEN, pilotPlan().build(), clock));
        assertThat(deadLetters.readValuesToList()).singleElement()
                .satisfies(d -> assertThat(d.getReason()).contains("is quarantined"));
    }

    @Test
    void quarantinesAPlanWhoseDeadlineCannotBeClosedAndStillClosesTheOthers() {
        // Given closing one plan's ballot throws
        start((planId, subject) -> {
            if (planId.equals(BROKEN) && subject instanceof Ballot) {
                throw new ArithmeticException("/ by zero");
            }
        });
        assessments.pipeInput(BROKEN, assessmentEvent(BROKEN, pilotPlan().build(), clock));
        assessments.pipeInput(HEALTHY, assessmentEvent(HEALTHY, pilotPlan().build(), clock));

        // When both deadlines pass on the wall clock
        driver.advanceWallClockTime(Duration.ofSeconds(61));

        // Then the healthy plan is decided at its deadline, and the broken one is a dead letter saying why
        assertThat(decisions.readValuesToList()).singleElement().satisfies(d -> {
            assertThat(d.getEnvelope().getPlanId()).isEqualTo(HEALTHY);
            assertThat(d.getDecidedBy()).isEqualTo(DecisionBasis.DEADLINE);
        });
        assertThat(deadLetters.readValuesToList()).singleElement().satisfies(d -> {
            assertThat(d.getKey()).isEqualTo(BROKEN);
            assertThat(d.getExceptionClass()).isEqualTo(ArithmeticException.class.getName());
        });

        // And the next punctuations do not dead-letter it again
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void failsTheStreamRatherThanQuarantineWhenTheRegistryIsUnreachable() {
        // Given the registry cannot be reached while an assessment is handled
        start((planId, subject) -> {
            throw new SerializationException("schema lookup", new ConnectException("Connection refused"));
        });

        // When it arrives, Then the stream fails (the thread is replaced, the record read again) and nothing is dead-lettered
        assertThatThrownBy(() -> assessments.pipeInput(HEALTHY, assessmentEvent(HEALTHY, pilotPlan().build(), clock)))
                .isInstanceOf(RuntimeException.class);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void failsTheStreamRatherThanDeadLetterWhenAVoteCannotBeDecodedForLackOfTheRegistry() {
        // Given the votes' deserializer cannot reach the registry
        org.apache.kafka.common.serialization.Serde<AgentVote> unreachable = org.apache.kafka.common.serialization.Serdes.serdeFrom(
                new AvroBinarySerde<>(AgentVote.class).serializer(), (topic, bytes) -> {
                    throw new SerializationException("schema lookup", new ConnectException("Connection refused"));
                });
        start((planId, subject) -> { }, unreachable);

        // When a vote arrives, Then the stream fails (the record is read again after the thread is replaced), no dead letter
        assertThatThrownBy(() -> rawVotes.pipeInput(HEALTHY, new byte[] {1, 2, 3})).isInstanceOf(RuntimeException.class);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void retryLiftsTheQuarantineAndThePlanIsVotedOnAgain() {
        // Given one plan quarantined because its assessment made the domain throw, while the cause lasted
        AtomicBoolean broken = new AtomicBoolean(true);
        start((planId, subject) -> {
            if (broken.get() && planId.equals(BROKEN) && subject instanceof AssessmentEvent) {
                throw new IllegalStateException("ballot arithmetic broke on this plan");
            }
        });
        AssessmentEvent assessment = assessmentEvent(BROKEN, pilotPlan().build(), clock);
        assessments.pipeInput(BROKEN, assessment);
        assertThat(deadLetters.readValuesToList()).singleElement()
                .satisfies(d -> assertThat(d.getReason()).contains("quarantined plan " + BROKEN));

        // When the cause is fixed and an operator sends RETRY for the plan
        broken.set(false);
        operatorCommands.pipeInput(BROKEN, retry(BROKEN));

        // Then the re-driven assessment is voted on, not dead-lettered
        assessments.pipeInput(BROKEN, assessment);
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(votes.readValuesToList()).extracting(v -> v.getEnvelope().getPlanId()).containsOnly(BROKEN).hasSize(2);
    }

    @Test
    void givenAQuarantinedPlanWhenARetryComesWithAnotherOperatorsTokenThenItIsDeadLetteredAndTheQuarantineStays() {
        // Given operators' tokens checked against an issuer, and one plan quarantined while its cause lasted
        KeyPair issuerKeys = JwtSigner.newKeyPair();
        proof = new OperatorProof("https://issuer.test", issuerKeys.getPublic());
        AtomicBoolean broken = new AtomicBoolean(true);
        start((planId, subject) -> {
            if (broken.get() && planId.equals(BROKEN) && subject instanceof AssessmentEvent) {
                throw new IllegalStateException("ballot arithmetic broke on this plan");
            }
        });
        AssessmentEvent assessment = assessmentEvent(BROKEN, pilotPlan().build(), clock);
        assessments.pipeInput(BROKEN, assessment);
        assertThat(deadLetters.readValuesToList()).hasSize(1);
        broken.set(false);

        // When a RETRY naming "ops" comes with mallory's token
        RecordHeaders headers = new RecordHeaders();
        headers.add(OperatorProof.HEADER, new JwtSigner("https://issuer.test", issuerKeys.getPrivate())
                .token("mallory", List.of(RestAccess.OPERATE), START, Duration.ofMinutes(5))
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        operatorCommands.pipeInput(new TestRecord<>(BROKEN, retry(BROKEN), headers, START));

        // Then it is a dead letter saying why, and the plan's assessment is still held by the quarantine
        assertThat(deadLetters.readValuesToList()).singleElement()
                .satisfies(d -> assertThat(d.getReason()).contains("operator command not proven").contains("mallory's"));
        assessments.pipeInput(BROKEN, assessment);
        assertThat(deadLetters.readValuesToList()).singleElement()
                .satisfies(d -> assertThat(d.getReason()).contains("is quarantined"));
        assertThat(votes.readValuesToList()).extracting(v -> v.getEnvelope().getPlanId()).doesNotContain(BROKEN);
    }

    @Test
    void aQuarantineOutlivesARestartUntilRetried() {
        // Given a plan quarantined by a ballot deadline that could not be closed
        AtomicBoolean broken = new AtomicBoolean(true);
        start((planId, subject) -> {
            if (broken.get() && planId.equals(BROKEN) && subject instanceof Ballot) {
                throw new ArithmeticException("/ by zero");
            }
        });
        assessments.pipeInput(BROKEN, assessmentEvent(BROKEN, pilotPlan().build(), clock));
        driver.advanceWallClockTime(Duration.ofSeconds(61));
        assertThat(deadLetters.readValuesToList()).hasSize(1);

        // When the cause is gone but nobody retried, Then the deadline stays unjudged
        broken.set(false);
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        assertThat(decisions.isEmpty()).isTrue();

        // When an operator pauses it (the executor's business), Then still nothing
        operatorCommands.pipeInput(BROKEN, command(BROKEN, OperatorAction.PAUSE));
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertThat(decisions.isEmpty()).isTrue();

        // When the operator sends RETRY, Then the ballot is closed at the next deadline check
        operatorCommands.pipeInput(BROKEN, retry(BROKEN));
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertThat(decisions.readValuesToList()).singleElement().satisfies(d -> {
            assertThat(d.getEnvelope().getPlanId()).isEqualTo(BROKEN);
            assertThat(d.getDecidedBy()).isEqualTo(DecisionBasis.DEADLINE);
        });
    }

    @Test
    void deadLettersAnUnreadableOperatorCommandAndGoesOn() {
        // Given a running coordinator
        start((planId, subject) -> { });

        // When garbage and a keyless command arrive on operator-commands
        rawOperatorCommands.pipeInput(BROKEN, new byte[] {(byte) 0xff, 0x01});
        rawOperatorCommands.pipeInput(null, new byte[] {1, 2, 3});

        // Then each is a dead letter saying why, and the next plan is still voted on
        assertThat(deadLetters.readValuesToList()).satisfiesExactly(
                d -> assertThat(d.getReason()).contains("undecodable as " + Topics.OPERATOR_COMMANDS.name()),
                d -> assertThat(d.getReason()).contains("no key"));
        assessments.pipeInput(HEALTHY, assessmentEvent(HEALTHY, pilotPlan().build(), clock));
        assertThat(votes.readValuesToList()).hasSize(2);
    }

    private OperatorCommand retry(String planId) {
        return command(planId, OperatorAction.RETRY);
    }

    private OperatorCommand command(String planId, OperatorAction action) {
        return OperatorCommand.newBuilder().setEnvelope(Envelopes.next(planId, "spotshift-cli/test", null, clock))
                .setAction(action).setGateStepIndex(null).setOperator("ops").setReason("cause fixed").build();
    }

    private void start(BiConsumer<String, Object> beforeJudging) {
        start(beforeJudging, new AvroBinarySerde<>(AgentVote.class));
    }

    private void start(BiConsumer<String, Object> beforeJudging, org.apache.kafka.common.serialization.Serde<AgentVote> voteSerde) {
        TopicSerdes serdes = TopicSerdes.using(topic -> topic == Topics.AGENT_VOTES ? voteSerde : new AvroBinarySerde<>(topic.valueType()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "coordinator-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(CoordinatorTopology.build(TWO_AGENTS, serdes, Duration.ofSeconds(1), Duration.ofDays(7),
                new CoordinatorMetrics(new SimpleMeterRegistry()), beforeJudging, proof), props, START);
        var keys = Serdes.String();
        assessments = driver.createInputTopic(Topics.SPOT_ASSESSMENTS.name(), keys.serializer(), serdes.valueSerde(Topics.SPOT_ASSESSMENTS).serializer());
        rawAssessments = driver.createInputTopic(Topics.SPOT_ASSESSMENTS.name(), keys.serializer(), Serdes.ByteArray().serializer());
        rawVotes = driver.createInputTopic(Topics.AGENT_VOTES.name(), keys.serializer(), Serdes.ByteArray().serializer());
        operatorCommands = driver.createInputTopic(Topics.OPERATOR_COMMANDS.name(), keys.serializer(), serdes.valueSerde(Topics.OPERATOR_COMMANDS).serializer());
        rawOperatorCommands = driver.createInputTopic(Topics.OPERATOR_COMMANDS.name(), keys.serializer(), Serdes.ByteArray().serializer());
        votes = driver.createOutputTopic(Topics.AGENT_VOTES.name(), keys.deserializer(), serdes.valueSerde(Topics.AGENT_VOTES).deserializer());
        decisions = driver.createOutputTopic(Topics.MIGRATION_DECISIONS.name(), keys.deserializer(), serdes.valueSerde(Topics.MIGRATION_DECISIONS).deserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(), keys.deserializer(), serdes.valueSerde(Topics.DEAD_LETTERS).deserializer());
    }
}
