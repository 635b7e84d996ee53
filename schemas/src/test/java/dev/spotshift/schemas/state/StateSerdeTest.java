package dev.spotshift.schemas.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotshift.state.SampleState;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.junit.jupiter.api.Test;

class StateSerdeTest {

    private static final SampleState SAMPLE = new SampleState("s-1", 1_000L, 500L, 9, 1, 1_234L, 55.5, 825L, 1_000L,
            25, 2);

    @Test
    void aValueIsStoredWithItsWritersFingerprintAndReadsBackEqual() {
        // Given the sample store's format
        StateSerde<SampleState, SampleState> serde = StateSerde.of(SampleState.class, bytes -> null);

        // When a value is written
        byte[] bytes = serde.serializer().serialize("store", SAMPLE);

        // Then it starts with the single-object marker and the current schema's fingerprint, and reads back equal
        assertThat(StateSerde.singleObject(bytes)).isTrue();
        long fingerprint = SchemaNormalization.parsingFingerprint64(SampleState.getClassSchema());
        long stored = java.nio.ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(stored).isEqualTo(fingerprint);
        assertThat(serde.deserializer().deserialize("store", bytes)).isEqualTo(SAMPLE);
    }

    @Test
    void aValueAnOlderSchemaWroteResolvesAgainstTheCurrentRecord() throws Exception {
        // Given an older sample schema without the sample id (added since, with a default), known as a writer
        Schema older = without(SampleState.getClassSchema(), "sampleId");
        GenericRecord old = new GenericData.Record(older);
        older.getFields().forEach(f -> old.put(f.name(), SAMPLE.get(f.name())));
        byte[] bytes = singleObject(older, old);
        StateSerde<SampleState, SampleState> serde = StateSerde.of(SampleState.class, Function.identity(),
                Function.identity(), b -> null, List.of(older));

        // When the current code reads it
        SampleState read = serde.read(bytes);

        // Then the fields it had come back as written, the new one as its default
        SampleState expected = SampleState.newBuilder(SAMPLE).setSampleId(null).build();
        assertThat(read).isEqualTo(expected);
    }

    @Test
    void aValueOfAnUnknownSchemaIsALocatedErrorNotAMisread() throws Exception {
        // Given a value written with a schema no release and no current code knows
        Schema stranger = without(SampleState.getClassSchema(), "cpuPercent");
        GenericRecord value = new GenericData.Record(stranger);
        stranger.getFields().forEach(f -> value.put(f.name(), SAMPLE.get(f.name())));
        byte[] bytes = singleObject(stranger, value);

        // Then reading it fails naming the missing writer schema
        StateSerde<SampleState, SampleState> serde = StateSerde.of(SampleState.class, b -> null);
        assertThatThrownBy(() -> serde.read(bytes)).isInstanceOf(MissingSchemaException.class);
    }

    @Test
    void aValueWithoutTheMarkerGoesToTheLegacyReader() {
        // Given a store whose earlier format was plain text
        StateSerde<String, SampleState> serde = StateSerde.of(SampleState.class, s -> SAMPLE, r -> "new",
                bytes -> "legacy:" + new String(bytes, java.nio.charset.StandardCharsets.UTF_8));

        // Then bytes without the single-object marker are read by it, and what is written is the new format
        assertThat(serde.read("{\"x\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo("legacy:{\"x\":1}");
        assertThat(serde.read(serde.write("anything"))).isEqualTo("new");
    }

    @Test
    void everyStateRecordHasASnapshotInTheLatestStateRelease() {
        // A new store's record is snapshotted with the next release; today every one but the monitor's sample chunk
        // (new since 0.1.2, its store's values before it are SampleState, which is released) is in the latest
        assertThat(StateSchemas.releases()).isNotEmpty();
        for (var type : StateSchemas.ALL) {
            if (type != dev.spotshift.state.SampleChunkState.class) {
                assertThat(StateSchemas.released(type)).as(type.getSimpleName()).isNotEmpty();
            }
        }
    }

    static Schema without(Schema record, String field) {
        // The older version of the record: the same name (so it resolves), one field fewer, every other one kept
        return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false,
                record.getFields().stream().filter(f -> !f.name().equals(field))
                        .map(f -> new Schema.Field(f, f.schema())).toList());
    }

    static byte[] singleObject(Schema writer, GenericRecord value) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), writer).encode(value, out);
        return out.toByteArray();
    }
}
