package dev.spotshift.monitor.streams;

import static dev.spotshift.monitor.streams.Events.approved;
import static dev.spotshift.monitor.streams.Events.healthy;
import static dev.spotshift.monitor.streams.Events.operator;
import static dev.spotshift.monitor.streams.Events.shortThresholds;
import static dev.spotshift.monitor.streams.Events.stepStarted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotshift.events.DeadLetter;
import dev.spotshift.events.GateVerdict;
import dev.spotshift.events.MetricSample;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.OperatorAction;
import dev.spotshift.schemas.AvroBinarySerde;
import dev.spotshift.schemas.TopicSerdes;
import dev.spotshift.schemas.Topics;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PoisonAndQuarantineTopologyTest {

    private static final String BROKEN = "plan-broken";
    private static final String HEALTHY = "plan-healthy";
    private static final long T0 = 1_700_000_000_000L;
    private static final long GATE_DUE = T0 + 11_000;
    private MonitorDriver monitor;

    @AfterEach
    void stop() throws Exception {
        monitor.close();
    }

    /** Two approved plans at their first step, the monitor calling {@code beforeJudging} before each judgement. */
    private void start(BiConsumer<String, SpecificRecord> beforeJudging) throws Exception {
        start(beforeJudging, null);
    }

    /** As above, an operator's RETRY checked against {@code proof}. */
    private void start(BiConsumer<String, SpecificRecord> beforeJudging,
                       dev.spotshift.schemas.access.OperatorProof proof) throws Exception {
        monitor = new MonitorDriver(Instant.ofEpochMilli(T0), beforeJudging,
                dev.spotshift.schemas.TopicSerdes.plainAvro(), dev.spotshift.schemas.TopicSerdes.plainAvro(), proof);
        for (String plan : List.of(BROKEN, HEALTHY)) {
            monitor.publish(Topics.MIGRATION_DECISIONS, plan, approved(plan, T0, shortThresholds()), T0);
            monitor.publish(Topics.ROLLOUT_EVENTS, plan, stepStarted(plan, T0 + 1_000, 0, 0, 25, GATE_DUE), T0 + 1_000);
        }
        monitor.read(Topics.MIGRATION_STATUS);
    }

    private void publishSample(MetricSample s) {
        String plan = s.getEnvelope().getPlanId();
        monitor.publish(Topics.WORKLOAD_METRICS, plan, s, s.getEnvelope().getOccurredAt().toEpochMilli());
    }

    private static BiConsumer<String, SpecificRecord> failingSamplesOf(String plan) {
        return (planId, event) -> {
            if (planId.equals(plan) && event instanceof MetricSample) {
                throw new IllegalStateException("window arithmetic broke on this plan");
            }
        };
    }

    @Test
    void deadLettersATombstoneOnAPlanTopicWithItsReason() throws Exception {
        // Given a running monitor
        start((p, e) -> { });

        // When a tombstone arrives on a plan topic
        monitor.publishBytes(Topics.MIGRATION_DECISIONS, BROKEN, null, T0 + 2_000);

        // Then it is a dead letter that says so, not a silent skip
        assertThat(monitor.read(Topics.DEAD_LETTERS)).singleElement().satisfies(d -> {
            assertThat(d.getSourceTopic()).isEqualTo(Topics.MIGRATION_DECISIONS.name());
            assertThat(d.getKey()).isEqualTo(BROKEN);
            assertThat(d.getReason()).contains("tombstone");
        });
    }

    @Test
    void deadLettersARecordWithoutAKeyWithItsReason() throws Exception {
        // Given a running monitor
        start((p, e) -> { });
        MetricSample sample = healthy(HEALTHY, T0 + 2_000, 25);

        // When a sample arrives with a null key
        monitor.publish(Topics.WORKLOAD_METRICS, null, sample, T0 + 2_000);

        // Then it is a dead letter that says why, with its bytes, and nothing was judged
        assertThat(monitor.read(Topics.DEAD_LETTERS)).singleElement().satisfies(d -> {
            assertThat(d.getKey()).isNull();
            assertThat(d.getReason()).contains("no key");
            assertThat(d.getValue()).isNotNull();
        });
        assertThat(monitor.counter("spotshift.monitor.samples.judged")).isZero();
    }

    @Test
    void quarantinesOnlyThePlanWhoseRecordMadeTheMonitorThrow() throws Exception {
        // Given the domain throws on every sample of one plan
        start(failingSamplesOf(BROKEN));
        MetricSample poison = healthy(BROKEN, T0 + 2_000, 25);

        // When a sample of each plan arrives
        publishSample(poison);
        publishSample(healthy(HEALTHY, T0 + 2_000, 25));

        // Then the broken plan's status says QUARANTINED and why
        MigrationStatus status = monitor.read(Topics.MIGRATION_STATUS).stream()
                .filter(s -> s.getPlanId().equals(BROKEN)).reduce((a, b) -> b).orElseThrow();
        assertThat(status.getReasons()).first().satisfies(r -> {
            assertThat(r.getCode()).isEqualTo(PlanFaults.QUARANTINED);
            assertThat(r.getMessage()).contains("window arithmetic broke on this plan");
        });
        // And the record is a dead letter carrying the record and the exception
        DeadLetter letter = monitor.read(Topics.DEAD_LETTERS).get(0);
        assertThat(letter.getKey()).isEqualTo(BROKEN);
        assertThat(letter.getExceptionClass()).isEqualTo(IllegalStateException.class.getName());
        assertThat(letter.getValue()).isNotNull();
        assertThat(monitor.counter("spotshift.monitor.plans.quarantined")).isEqualTo(1);
        // And the other plan was judged
        assertThat(monitor.counter("spotshift.monitor.samples.judged")).isEqualTo(1);

        // When the quarantined plan sends more, Then each is a dead letter (kept for re-drive), never judged
        publishSample(healthy(BROKEN, T0 + 3_000, 25));
        assertThat(monitor.read(Topics.DEAD_LETTERS)).singleElement()
                .satisfies(d -> assertThat(d.getReason()).contains("is quarantined"));

        // And the other plan's gate is still judged on time, the broken plan's is not
        monitor.advanceWallClock(Duration.ofMillis(GATE_DUE - T0 + MonitorDriver.GATE_GRACE_MILLIS));
        assertThat(monitor.read(Topics.GATE_VERDICTS)).extracting(v -> v.getEnvelope().getPlanId()).containsExactly(HEALTHY);
    }

    @Test
    void quarantinesAPlanWhoseGateJudgementThrowsAndStillJudgesTheOtherGates() throws Exception {
        // Given judging one plan's gate throws
        start((planId, event) -> {
            if (planId.equals(BROKEN) && event == null) {
                throw new ArithmeticException("/ by zero");
            }
        });

        // When both gates fall due on the wall clock
        monitor.advanceWallClock(Duration.ofMillis(GATE_DUE - T0 + MonitorDriver.GATE_GRACE_MILLIS));

        // Then the healthy plan gets its verdict, the broken one is quarantined with a dead letter saying why
        List<GateVerdict> verdicts = monitor.read(Topics.GATE_VERDICTS);
        assertThat(verdicts).extracting(v -> v.getEnvelope().getPlanId()).containsExactly(HEALTHY);
        assertThat(monitor.read(Topics.DEAD_LETTERS)).singleElement().satisfies(d -> {
            assertThat(d.getKey()).isEqualTo(BROKEN);
            assertThat(d.getExceptionClass()).isEqualTo(ArithmeticException.class.getName());
            assertThat(d.getReason()).contains("/ by zero");
        });
        assertThat(monitor.read(Topics.MIGRATION_STATUS)).filteredOn(s -> s.getPlanId().equals(BROKEN))
                .last().satisfies(s -> assertThat(s.getReasons().get(0).getCode()).isEqualTo(PlanFaults.QUARANTINED));
    }

    @Test
    void failsTheStreamRatherThanQuarantineOrDeadLetterWhenTheRegistryIsUnreachable() throws Exception {
        // Given the registry cannot be reached while a sample is handled
        start((planId, event) -> {
            if (event instanceof MetricSample) {
                throw new SerializationException("schema lookup", new ConnectException("Connection refused"));
            }
        });

        // When the sample arrives, Then the stream fails (its thread is replaced and the record read again)
        assertThatThrownBy(() -> publishSample(healthy(HEALTHY, T0 + 2_000, 25))).isInstanceOf(RuntimeException.class);
        // And nothing was committed as a dead letter or a quarantine
        assertThat(monitor.read(Topics.DEAD_LETTERS)).isEmpty();
        assertThat(monitor.counter("spotshift.monitor.plans.quarantined")).isZero();
    }

    @Test
    void failsTheStreamRatherThanDeadLetterWhenASampleCannotBeDecodedForLackOfTheRegistry() throws Exception {
        // Given the monitor cannot reach the registry to decode samples
        TopicSerdes unreachable = TopicSerdes.using(topic -> topic == Topics.WORKLOAD_METRICS
                ? org.apache.kafka.common.serialization.Serdes.serdeFrom(new AvroBinarySerde<>(MetricSample.class).serializer(),
                        (t, bytes) -> {
                            throw new SerializationException("schema lookup", new ConnectException("Connection refused"));
                        })
                : new AvroBinarySerde<>(topic.valueType()));
        monitor = new MonitorDriver(Instant.ofEpochMilli(T0), (p, e) -> { }, unreachable, TopicSerdes.plainAvro());

        // When a sample arrives, Then the stream fails (the record is read again after the thread is replaced)
        assertThatThrownBy(() -> publishSample(healthy(HEALTHY, T0 + 2_000, 25))).isInstanceOf(RuntimeException.class);
        // And it is not committed as a dead letter
        assertThat(monitor.read(Topics.DEAD_LETTERS)).isEmpty();
    }

    @Test
    void retryLiftsTheQuarantineAndTheKeptGateIsJudgedAgain() throws Exception {
        // Given one plan quarantined because judging its sample threw, while the cause lasted
        AtomicBoolean broken = new AtomicBoolean(true);
        start((planId, event) -> {
            if (broken.get() && planId.equals(BROKEN) && event instanceof MetricSample) {
                throw new IllegalStateException("window arithmetic broke on this plan");
            }
        });
        publishSample(healthy(BROKEN, T0 + 2_000, 25));
        assertThat(monitor.latest(Topics.MIGRATION_STATUS).getReasons()).first()
                .satisfies(r -> assertThat(r.getCode()).isEqualTo(PlanFaults.QUARANTINED));
        monitor.read(Topics.DEAD_LETTERS);
        // And its gate fell due while quarantined: kept, not judged
        monitor.advanceWallClock(Duration.ofMillis(GATE_DUE - T0 + MonitorDriver.GATE_GRACE_MILLIS));
        assertThat(monitor.read(Topics.GATE_VERDICTS)).extracting(v -> v.getEnvelope().getPlanId()).containsExactly(HEALTHY);

        // When the cause is fixed and an operator sends RETRY for the plan
        broken.set(false);
        monitor.publish(Topics.OPERATOR_COMMANDS, BROKEN, operator(BROKEN, T0 + 3_000, OperatorAction.RETRY), T0 + 3_000);

        // Then its status is published without the QUARANTINED reason
        MigrationStatus released = monitor.latest(Topics.MIGRATION_STATUS);
        assertThat(released.getPlanId()).isEqualTo(BROKEN);
        assertThat(released.getReasons()).noneSatisfy(r -> assertThat(r.getCode()).isEqualTo(PlanFaults.QUARANTINED));
        assertThat(monitor.counter("spotshift.monitor.plans.released")).isEqualTo(1);
        // And its next sample is judged, not dead-lettered
        publishSample(healthy(BROKEN, T0 + 4_000, 25));
        assertThat(monitor.read(Topics.DEAD_LETTERS)).isEmpty();
        assertThat(monitor.counter("spotshift.monitor.samples.judged")).isEqualTo(1);
        // And the gate it kept is judged at the next check
        monitor.advanceWallClock(Duration.ofMillis(1_000));
        assertThat(monitor.read(Topics.GATE_VERDICTS)).extracting(v -> v.getEnvelope().getPlanId()).containsExactly(BROKEN);
    }

    @Test
    void givenAQuarantinedPlanWhenARetryComesWithAnotherOperatorsTokenThenItIsDeadLetteredAndThePlanStaysQuarantined()
            throws Exception {
        // Given operators' tokens checked against an issuer, and a quarantined plan
        java.security.KeyPair keys = dev.spotshift.schemas.access.JwtSigner.newKeyPair();
        start(failingSamplesOf(BROKEN), new dev.spotshift.schemas.access.OperatorProof("https://issuer.test",
                keys.getPublic()));
        publishSample(healthy(BROKEN, T0 + 2_000, 25));
        monitor.read(Topics.MIGRATION_STATUS);
        monitor.read(Topics.DEAD_LETTERS);

        // When a RETRY naming "ops" comes with mallory's token
        org.apache.kafka.common.header.internals.RecordHeaders headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        headers.add(dev.spotshift.schemas.access.OperatorProof.HEADER, new dev.spotshift.schemas.access.JwtSigner(
                "https://issuer.test", keys.getPrivate()).token("mallory",
                        List.of(dev.spotshift.schemas.access.RestAccess.OPERATE), Instant.ofEpochMilli(T0),
                        Duration.ofMinutes(5)).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        monitor.publish(Topics.OPERATOR_COMMANDS, BROKEN, operator(BROKEN, T0 + 3_000, OperatorAction.RETRY), T0 + 3_000,
                headers);

        // Then it is a dead letter saying why, no status changes and nothing is released
        assertThat(monitor.read(Topics.DEAD_LETTERS)).singleElement()
                .satisfies(d -> assertThat(d.getReason()).contains("operator command not proven").contains("mallory's"));
        assertThat(monitor.read(Topics.MIGRATION_STATUS)).isEmpty();
        assertThat(monitor.counter("spotshift.monitor.plans.released")).isZero();
    }

    @Test
    void otherOperatorActionsLeaveAQuarantineInPlace() throws Exception {
        // Given a quarantined plan
        start(failingSamplesOf(BROKEN));
        publishSample(healthy(BROKEN, T0 + 2_000, 25));
        monitor.read(Topics.MIGRATION_STATUS);

        // When an operator pauses it (the executor's business) or retries a plan that is not quarantined
        monitor.publish(Topics.OPERATOR_COMMANDS, BROKEN, operator(BROKEN, T0 + 3_000, OperatorAction.PAUSE), T0 + 3_000);
        monitor.publish(Topics.OPERATOR_COMMANDS, HEALTHY, operator(HEALTHY, T0 + 3_000, OperatorAction.RETRY), T0 + 3_000);

        // Then no status changes and the plan stays quarantined
        assertThat(monitor.read(Topics.MIGRATION_STATUS)).isEmpty();
        assertThat(monitor.counter("spotshift.monitor.plans.released")).isZero();
    }

    @Test
    void deadLettersAnUnreadableOperatorCommandAndGoesOn() throws Exception {
        // Given a running monitor
        start((p, e) -> { });

        // When garbage arrives on operator-commands
        monitor.publishBytes(Topics.OPERATOR_COMMANDS, BROKEN, new byte[] {(byte) 0xff, 0x01, 0x02}, T0 + 2_000);

        // Then it is a dead letter saying so, and the plans are still judged
        assertThat(monitor.read(Topics.DEAD_LETTERS)).singleElement().satisfies(d -> {
            assertThat(d.getSourceTopic()).isEqualTo(Topics.OPERATOR_COMMANDS.name());
            assertThat(d.getReason()).contains("undecodable");
        });
        publishSample(healthy(HEALTHY, T0 + 3_000, 25));
        assertThat(monitor.counter("spotshift.monitor.samples.judged")).isEqualTo(1);
    }
}
