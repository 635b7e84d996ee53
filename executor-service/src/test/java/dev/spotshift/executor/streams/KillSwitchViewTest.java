package dev.spotshift.executor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.KillSwitch;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class KillSwitchViewTest {

    private static final Instant T0 = Instant.parse("2026-12-07T20:00:00Z");

    private final AtomicInteger decoded = new AtomicInteger();
    private final Serde<KillSwitch> plain = PlainAvroSerde.of(KillSwitch.class);
    private final Serde<KillSwitch> once = KillSwitchView.decodedOnce(new CountingSerde());

    @Test
    void theSameStoredSwitchReadAgainIsNotDecodedAgain() {
        // Given the switch as stored
        byte[] engaged = plain.serializer().serialize("kill-switch", ContractEvents.killSwitch(T0, true));

        // When every record and tick reads it
        KillSwitch first = once.deserializer().deserialize("kill-switch", engaged);
        KillSwitch again = once.deserializer().deserialize("kill-switch", engaged.clone());

        // Then it was decoded once and reads the same
        assertThat(decoded).hasValue(1);
        assertThat(again).isSameAs(first);
        assertThat(again.getEngaged()).isTrue();
    }

    @Test
    void aChangedSwitchIsDecodedAnew() {
        // Given the engaged switch read once
        byte[] engaged = plain.serializer().serialize("kill-switch", ContractEvents.killSwitch(T0, true));
        once.deserializer().deserialize("kill-switch", engaged);

        // When it is released
        byte[] released = plain.serializer().serialize("kill-switch", ContractEvents.killSwitch(T0.plusSeconds(1), false));
        KillSwitch now = once.deserializer().deserialize("kill-switch", released);

        // Then the read says released, and the engaged bytes decode to engaged again
        assertThat(now.getEngaged()).isFalse();
        assertThat(once.deserializer().deserialize("kill-switch", engaged).getEngaged()).isTrue();
        assertThat(decoded).hasValue(3);
        assertThat(once.deserializer().deserialize("kill-switch", null)).isNull();
    }

    /** The plain Avro serde, counting what it decodes. */
    private final class CountingSerde implements Serde<KillSwitch> {
        @Override
        public org.apache.kafka.common.serialization.Serializer<KillSwitch> serializer() {
            return plain.serializer();
        }

        @Override
        public Deserializer<KillSwitch> deserializer() {
            return (topic, data) -> {
                decoded.incrementAndGet();
                return plain.deserializer().deserialize(topic, data);
            };
        }
    }
}
