package dev.spotshift.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro binary with the compiled schema on both sides and no registry: for topologies under test
 * ({@link TopicSerdes#plainAvro}), where a registry would be the only thing tested, and for data one service writes
 * and reads itself. It carries no schema id, so a reader takes the bytes to be of the schema it was compiled with.
 */
public final class AvroBinarySerde<V extends SpecificRecord> implements Serde<V> {

    private final Class<V> type;

    public AvroBinarySerde(Class<V> type) {
        this.type = type;
    }

    public static <V extends SpecificRecord> byte[] write(V value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new SpecificDatumWriter<V>(value.getSchema()).write(value, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static <V extends SpecificRecord> V read(Class<V> type, byte[] bytes) {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
        try {
            return new SpecificDatumReader<>(type).read(null, decoder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads bytes written with {@code writer} (a released schema) as today's {@code type}. */
    public static <V extends SpecificRecord> V read(Class<V> type, Schema writer, byte[] bytes) {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
        try {
            SpecificDatumReader<V> reader = new SpecificDatumReader<>(type);
            reader.setSchema(writer);
            return reader.read(null, decoder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Serializer<V> serializer() {
        return (topic, value) -> value == null ? null : write(value);
    }

    @Override
    public Deserializer<V> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(type, bytes);
    }
}
