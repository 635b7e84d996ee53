package dev.spotshift.schemas.streams;

import static dev.spotshift.schemas.streams.DecodeFixtures.CLOCK;
import static dev.spotshift.schemas.streams.DecodeFixtures.ENGAGED;
import static dev.spotshift.schemas.streams.DecodeFixtures.VALUES;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotshift.events.DeadLetter;
import dev.spotshift.events.KillSwitch;
import dev.spotshift.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The decode step every stream job puts behind its byte sources: one tombstone policy, one dead letter. */
class DecodeStepTest {

    private final List<Object> events = new java.util.ArrayList<>();
    private final List<DeadLetter> letters = new java.util.ArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> killSwitch;
    private TestInputTopic<String, byte[]> plans;

    @BeforeEach
    void start() {
        Topology t = new Topology();
        t.addSource("in", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                Topics.KILL_SWITCH.name(), Topics.MIGRATION_PLANS.name());
        t.addProcessor("decode", () -> DecodeStep.routed(List.of(Topics.KILL_SWITCH, Topics.MIGRATION_PLANS),
                topic -> VALUES, "test-job", (SpecificRecord event, byte[] raw) -> (Object) event, "events",
                "letters", null), "in");
        t.addProcessor("events", () -> (Processor<String, Object, Void, Void>) r -> events.add(r.value()), "decode");
        t.addProcessor("letters", () -> (Processor<String, Object, Void, Void>) r -> letters.add((DeadLetter) r.value()),
                "decode");
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "decode-step-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        driver = new TopologyTestDriver(t, p, CLOCK.instant());
        killSwitch = driver.createInputTopic(Topics.KILL_SWITCH.name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        plans = driver.createInputTopic(Topics.MIGRATION_PLANS.name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aReadableRecordGoesOnAsItsEventOnly() {
        // When a kill switch arrives on its topic
        killSwitch.pipeInput(Topics.KILL_SWITCH_KEY, bytes("switch"));

        // Then the event goes to the events child and no letter is written
        assertThat(events).containsExactly(ENGAGED);
        assertThat(letters).isEmpty();
    }

    @Test
    void garbageIsADeadLetterWithItsCoordinatesBytesAndTheJobsTime() {
        // When garbage arrives
        killSwitch.pipeInput("global", bytes("garbage"));

        // Then it is one dead letter to the letters child, saying where it came from and why
        assertThat(events).isEmpty();
        assertThat(letters).singleElement().satisfies(l -> {
            assertThat(l.getReason()).startsWith("undecodable as kill-switch").contains("Unknown magic byte");
            assertThat(l.getSourceTopic()).isEqualTo(Topics.KILL_SWITCH.name());
            assertThat(l.getSourceOffset()).isZero();
            assertThat(l.getKey()).isEqualTo("global");
            assertThat(l.getValue().remaining()).isEqualTo("garbage".length());
            assertThat(l.getConsumer()).isEqualTo("test-job");
            assertThat(l.getFailedAt()).isEqualTo(CLOCK.instant());
        });
    }

    @Test
    void aTombstoneIsADeadLetterOnAnEventTopicAndPassedOverOnACompactedOne() {
        // When a tombstone arrives on migration-plans (events) and one on kill-switch (compacted)
        plans.pipeInput("plan-1", (byte[]) null);
        killSwitch.pipeInput(Topics.KILL_SWITCH_KEY, (byte[]) null);

        // Then the event topic's is a dead letter that says events are never deleted, the compacted topic's nothing
        assertThat(events).isEmpty();
        assertThat(letters).singleElement().satisfies(l -> {
            assertThat(l.getSourceTopic()).isEqualTo(Topics.MIGRATION_PLANS.name());
            assertThat(l.getReason()).contains("tombstone", "never deletes");
        });
    }

    @Test
    void aKeylessRecordIsADeadLetter() {
        // When a readable record comes without a key
        killSwitch.pipeInput((String) null, bytes("switch"));

        // Then it is a dead letter, not an event nobody can place
        assertThat(events).isEmpty();
        assertThat(letters).singleElement().satisfies(l -> assertThat(l.getReason()).contains("no key"));
    }

    @Test
    void aReadableRecordOfAnotherTopicsTypeIsADeadLetter() {
        // When a kill switch arrives on migration-plans
        plans.pipeInput("plan-1", bytes("switch"));

        // Then it is a dead letter naming both types
        assertThat(letters).singleElement().satisfies(l -> assertThat(l.getReason())
                .contains("KillSwitch", "which carries MigrationPlanSubmitted"));
    }

    @Test
    void anUnreachableRegistryFailsTheThreadSoTheRecordIsReadAgain() {
        // When the registry cannot be reached for a record
        // Then the failure is thrown (the thread is replaced and the record read again), nothing is given up
        assertThatThrownBy(() -> killSwitch.pipeInput(Topics.KILL_SWITCH_KEY, bytes("down")))
                .satisfies(e -> assertThat(Transience.isTransient(e)).isTrue());
        assertThat(letters).isEmpty();
        assertThat(events).isEmpty();
    }
}
