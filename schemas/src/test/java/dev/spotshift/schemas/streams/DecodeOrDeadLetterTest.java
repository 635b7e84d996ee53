package dev.spotshift.schemas.streams;

import static dev.spotshift.schemas.streams.DecodeFixtures.CLOCK;
import static dev.spotshift.schemas.streams.DecodeFixtures.ENGAGED;
import static dev.spotshift.schemas.streams.DecodeFixtures.VALUES;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotshift.events.EventEnvelope;
import dev.spotshift.events.KillSwitch;
import dev.spotshift.events.MigrationPlanSubmitted;
import dev.spotshift.schemas.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

class DecodeOrDeadLetterTest {

    @SuppressWarnings("unchecked")
    private final DecodeOrDeadLetter<KillSwitch> killSwitch =
            new DecodeOrDeadLetter<>(Topics.KILL_SWITCH, (Deserializer<KillSwitch>) (Deserializer<?>) VALUES, "test-reader", CLOCK);

    private static ConsumerRecord<byte[], byte[]> record(String topic, String key, String value) {
        return new ConsumerRecord<>(topic, 0, 42, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void decodesARecordOfTheTopicsType() {
        assertThat(killSwitch.decode(record(Topics.KILL_SWITCH.name(), Topics.KILL_SWITCH_KEY, "switch")))
                .isEqualTo(new DecodeOrDeadLetter.Decoded<>(Topics.KILL_SWITCH_KEY, ENGAGED));
    }

    @Test
    void garbageIsADeadLetterWithItsBytesCoordinatesAndReason() {
        var outcome = killSwitch.decode(record(Topics.KILL_SWITCH.name(), "x", "garbage"));

        assertThat(outcome).isInstanceOfSatisfying(DecodeOrDeadLetter.Unreadable.class, u -> {
            assertThat(u.reason()).contains("undecodable as kill-switch", "Unknown magic byte");
            assertThat(u.letter().getSourceTopic()).isEqualTo(Topics.KILL_SWITCH.name());
            assertThat(u.letter().getSourceOffset()).isEqualTo(42);
            assertThat(u.letter().getKey()).isEqualTo("x");
            assertThat(u.letter().getValue().remaining()).isEqualTo("garbage".length());
            assertThat(u.letter().getConsumer()).isEqualTo("test-reader");
            assertThat(u.letter().getExceptionClass()).isEqualTo(SerializationException.class.getName());
            assertThat(u.letter().getFailedAt()).isEqualTo(CLOCK.instant());
        });
    }

    @Test
    void aRecordWithoutAKeyIsADeadLetter() {
        assertThat(killSwitch.decode(record(Topics.KILL_SWITCH.name(), null, "switch")))
                .isInstanceOfSatisfying(DecodeOrDeadLetter.Unreadable.class, u -> assertThat(u.reason()).contains("no key"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDeadLetterOfAKeylessRecordIsReadWithoutAKey() {
        // Given the dead letter of a record that came without a key (it keeps the key it reports: none)
        var letter = killSwitch.decode(record(Topics.KILL_SWITCH.name(), "x", "garbage"));
        var deadLetters = new DecodeOrDeadLetter<>(Topics.DEAD_LETTERS,
                (Deserializer<dev.spotshift.events.DeadLetter>) (topic, bytes) -> ((DecodeOrDeadLetter.Unreadable<?>) letter)
                        .letter(), "test-reader", CLOCK);

        // Then it is read, not refused for the missing key it reports
        assertThat(deadLetters.decode(record(Topics.DEAD_LETTERS.name(), null, "letter")))
                .isInstanceOf(DecodeOrDeadLetter.Decoded.class);
    }

    @Test
    void aReadableRecordOfAnotherTypeIsADeadLetterNotAClassCastLater() {
        assertThat(killSwitch.decode(record(Topics.KILL_SWITCH.name(), "x", "envelope")))
                .isInstanceOfSatisfying(DecodeOrDeadLetter.Unreadable.class, u -> assertThat(u.reason())
                        .contains(EventEnvelope.class.getSimpleName(), "which carries KillSwitch"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTombstoneDeletesOnACompactedTopicAndIsADeadLetterOnAnEventTopic() {
        assertThat(killSwitch.decode(record(Topics.KILL_SWITCH.name(), "global", null)))
                .isEqualTo(new DecodeOrDeadLetter.Tombstone<>("global"));
        assertThat(killSwitch.decode(record(Topics.KILL_SWITCH.name(), null, null)))
                .isInstanceOf(DecodeOrDeadLetter.Unreadable.class);
        var plans = new DecodeOrDeadLetter<>(Topics.MIGRATION_PLANS, (Deserializer<MigrationPlanSubmitted>) (Deserializer<?>) VALUES,
                "test-reader", CLOCK);
        assertThat(plans.decode(record(Topics.MIGRATION_PLANS.name(), "plan-1", null)))
                .isInstanceOfSatisfying(DecodeOrDeadLetter.Unreadable.class, u -> assertThat(u.reason()).contains("never deletes"));
    }

    @Test
    void anUnreachableRegistryIsThrownSoTheRecordIsReadAgainNotGivenUp() {
        assertThatThrownBy(() -> killSwitch.decode(record(Topics.KILL_SWITCH.name(), "global", "down")))
                .isInstanceOf(SerializationException.class)
                .satisfies(e -> assertThat(Transience.isTransient(e)).isTrue());
    }
}
