package dev.spotshift.executor.streams;

import static dev.spotshift.executor.streams.ContractEvents.approved;
import static dev.spotshift.executor.streams.ContractEvents.metric;
import static dev.spotshift.executor.streams.ContractEvents.operator;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.DeadLetter;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.OperatorAction;
import dev.spotshift.events.RolloutPaused;
import dev.spotshift.events.RolloutStepStarted;
import dev.spotshift.executor.domain.RolloutState;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.access.JwtSigner;
import dev.spotshift.schemas.access.OperatorProof;
import dev.spotshift.schemas.access.RestAccess;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With an issuer configured the executor acts only on operator commands whose token proves the named operator; a
 * forged one (operator bob's token on a command naming alice) is a dead letter with the reason, counted under bob, and
 * the plan is left as it was. No record the executor writes carries the token on.
 */
class OperatorProofTopologyTest {

    private static final String PLAN = "plan-proof";
    private static final String ISSUER = "https://issuer.test";
    private static final KeyPair KEYS = JwtSigner.newKeyPair();
    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final Duration WINDOW = Duration.ofSeconds(5);
    private static final Duration BASELINE = Duration.ofSeconds(3);

    private final TopologyFixture executor = new TopologyFixture(new OperatorProof(ISSUER, KEYS.getPublic()));

    @AfterEach
    void close() {
        executor.close();
    }

    private void shifting() {
        executor.send(Topics.MIGRATION_DECISIONS, PLAN, approved(PLAN, executor.now, INTERVAL.toMillis(),
                WINDOW.toMillis(), BASELINE.toMillis(), 0, "s3://backup-bucket/spot-state/"));
        executor.send(Topics.WORKLOAD_METRICS, PLAN, metric(PLAN, executor.now));
        executor.advance(BASELINE);
        assertThat(executor.payloads(RolloutStepStarted.class)).hasSize(1);
    }

    private RecordHeaders tokenOf(String person) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(OperatorProof.HEADER, new JwtSigner(ISSUER, KEYS.getPrivate())
                .token(person, List.of(RestAccess.OPERATE), executor.now, Duration.ofMinutes(5))
                .getBytes(StandardCharsets.US_ASCII));
        return headers;
    }

    private List<TestRecord<String, DeadLetter>> deadLetterRecords() {
        return executor.driver.createOutputTopic(Topics.DEAD_LETTERS.name(), new StringDeserializer(),
                PlainAvroSerde.of(DeadLetter.class).deserializer()).readRecordsToList();
    }

    @Test
    void givenAShiftingPlanWhenBobSendsAPauseNamingAliceThenItIsDeadLetteredAndThePlanIsUnchanged() {
        // Given a plan shifting to spot
        shifting();
        RolloutState before = executor.state(PLAN);

        // When operator bob writes a pause that names alice, with his own token
        executor.send(Topics.OPERATOR_COMMANDS, PLAN, operator(PLAN, executor.now, OperatorAction.PAUSE), tokenOf("bob"));

        // Then it is a dead letter saying why, without the token, and counted under bob
        assertThat(deadLetterRecords()).singleElement().satisfies(r -> {
            assertThat(r.getValue().getSourceTopic()).isEqualTo(Topics.OPERATOR_COMMANDS.name());
            assertThat(r.getValue().getReason()).contains("operator command not proven")
                    .contains("names operator 'alice'").contains("bob's");
            assertThat(r.getHeaders().lastHeader(OperatorProof.HEADER)).isNull();
        });
        assertThat(executor.metrics.operatorCommandsRefused("bob")).isEqualTo(1.0);
        // And the plan never saw it: not paused, its state as it was
        assertThat(executor.payloads(RolloutPaused.class)).isEmpty();
        assertThat(executor.state(PLAN)).isEqualTo(before);
        assertThat(executor.last().getStage()).isEqualTo(MigrationStage.SHIFTING);
    }

    @Test
    void givenAShiftingPlanWhenACommandComesWithoutATokenThenItIsDeadLetteredUnderTheClaimedName() {
        shifting();

        executor.send(Topics.OPERATOR_COMMANDS, PLAN, operator(PLAN, executor.now, OperatorAction.ABORT));

        assertThat(executor.deadLetters()).singleElement()
                .satisfies(d -> assertThat(d.getReason()).contains("no operator token"));
        assertThat(executor.metrics.operatorCommandsRefused("claimed:alice")).isEqualTo(1.0);
        assertThat(executor.last().getStage()).isEqualTo(MigrationStage.SHIFTING);
    }

    @Test
    void givenAShiftingPlanWhenAlicePausesItWithHerOwnTokenThenItPausesAndNothingIsDeadLettered() {
        shifting();

        executor.send(Topics.OPERATOR_COMMANDS, PLAN, operator(PLAN, executor.now, OperatorAction.PAUSE),
                tokenOf("alice"));

        assertThat(executor.payloads(RolloutPaused.class)).singleElement();
        assertThat(executor.last().getStage()).isEqualTo(MigrationStage.PAUSED);
        assertThat(executor.deadLetters()).isEmpty();
    }
}
