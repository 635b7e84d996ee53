package dev.spotshift.executor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.spotshift.executor.domain.Reaping;
import dev.spotshift.schemas.AvroBinarySerde;
import dev.spotshift.schemas.state.StateSchemas;
import dev.spotshift.state.ReapingState;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** What a restart restores from the reaper's changelog: this format, the last state release's, and 0.1.x's JSON. */
class ReapingStateTest {

    private static final Reaping PENDING = new Reaping("i-0abc", "plan-1", "m5.large", "eu-west-1a", true, true,
            "no plan holds it", Reaping.Status.PENDING, 1, "cmd-1", Instant.parse("2026-01-01T02:00:00.123456789Z"),
            Instant.parse("2026-01-01T02:01:00Z"));
    private static final Reaping REPORTED = new Reaping("i-0def", null, null, null, false, false, "untagged",
            Reaping.Status.REPORTED, 0, null, Instant.parse("2026-01-01T02:00:00Z"), null);

    private final Serde<Reaping> serde = StateSerde.reapings();

    @Test
    void aReapingRoundTripsExactlyToTheNanosecond() {
        for (Reaping r : List.of(PENDING, REPORTED)) {
            byte[] bytes = serde.serializer().serialize("t", r);
            assertThat(bytes[0]).isEqualTo((byte) 0xC3);
            assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(r);
        }
    }

    @Test
    void aReapingWrittenWithThePreviousReleasedStateSchemaReadsWithTheCurrentOne() throws Exception {
        // Given the reaping as the latest state release's writer stored it
        List<Schema> released = StateSchemas.released(ReapingState.class);
        assertThat(released).isNotEmpty();
        Schema schema = released.get(released.size() - 1);
        ReapingState value = StateSerde.toState(PENDING);
        GenericRecord asReleased = new GenericDatumReader<GenericRecord>(value.getSchema(), schema)
                .read(null, DecoderFactory.get().binaryDecoder(AvroBinarySerde.write(value), null));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(asReleased, out);

        // Then the current code reads the same reaping
        assertThat(serde.deserializer().deserialize("t", out.toByteArray())).isEqualTo(PENDING);
    }

    @Test
    void aReapingThe01xJsonStoredStillReads() throws Exception {
        // Given a reaping as 0.1.x stored it (Jackson, ISO instants)
        ObjectMapper legacy = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

        // Then it reads back the same
        for (Reaping r : List.of(PENDING, REPORTED)) {
            assertThat(serde.deserializer().deserialize("t", legacy.writeValueAsBytes(r))).isEqualTo(r);
        }
    }
}
