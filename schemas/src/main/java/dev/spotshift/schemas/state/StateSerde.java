package dev.spotshift.schemas.state;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The one state-store format: the domain value as an Avro state record in single-object encoding, whose header
 * carries the writer schema's fingerprint. Reading resolves the writer's schema (the current one, or any a release
 * wrote with: {@link StateSchemas#released}) against the current record, so state restored after a deploy reads
 * as the new code expects. A value without the single-object header was written by a store's format before this one
 * and goes to its {@code legacy} reader; the next write of that key stores it in this format.
 *
 * @param <D> the domain value the processor works with
 * @param <R> the Avro state record it is stored as
 */
public final class StateSerde<D, R extends SpecificRecord> implements Serde<D> {

    private final Function<D, R> toRecord;
    private final Function<R, D> fromRecord;
    private final Function<byte[], D> legacy;
    private final BinaryMessageEncoder<R> encoder;
    private final BinaryMessageDecoder<R> decoder;

    private StateSerde(Class<R> type, Function<D, R> toRecord, Function<R, D> fromRecord, Function<byte[], D> legacy,
                       List<Schema> writers) {
        this.toRecord = toRecord;
        this.fromRecord = fromRecord;
        this.legacy = legacy;
        SpecificData model = SpecificData.getForClass(type);
        Schema current = StateSchemas.current(type);
        SchemaStore.Cache released = new SchemaStore.Cache();
        writers.forEach(released::addSchema);
        this.encoder = new BinaryMessageEncoder<>(model, current);
        this.decoder = new BinaryMessageDecoder<>(model, current, released);
    }

    /** A store of domain values {@code D} kept as {@code type}, with a reader for what earlier formats stored. */
    public static <D, R extends SpecificRecord> StateSerde<D, R> of(Class<R> type, Function<D, R> toRecord,
                                                                     Function<R, D> fromRecord,
                                                                     Function<byte[], D> legacy) {
        return new StateSerde<>(type, toRecord, fromRecord, legacy, StateSchemas.released(type));
    }

    /** A store whose values are the Avro record itself. */
    public static <R extends SpecificRecord> StateSerde<R, R> of(Class<R> type, Function<byte[], R> legacy) {
        return of(type, Function.identity(), Function.identity(), legacy);
    }

    /** A store that also knows {@code writers}: schemas not (yet) in a release snapshot, for tests of evolution. */
    static <D, R extends SpecificRecord> StateSerde<D, R> of(Class<R> type, Function<D, R> toRecord,
                                                              Function<R, D> fromRecord, Function<byte[], D> legacy,
                                                              List<Schema> writers) {
        return new StateSerde<>(type, toRecord, fromRecord, legacy, writers);
    }

    /** True when {@code bytes} start with Avro's single-object marker (C3 01). */
    public static boolean singleObject(byte[] bytes) {
        return bytes.length >= 2 && bytes[0] == (byte) 0xC3 && bytes[1] == (byte) 0x01;
    }

    public byte[] write(D value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try {
            encoder.encode(toRecord.apply(value), out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public D read(byte[] bytes) {
        if (!singleObject(bytes)) {
            return legacy.apply(bytes);
        }
        try {
            return fromRecord.apply(decoder.decode(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Serializer<D> serializer() {
        return (topic, value) -> value == null ? null : write(value);
    }

    @Override
    public Deserializer<D> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }
}
