package dev.spotshift.coordinator.streams;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Plain Avro binary with the writer's schema taken to be the compiled one. Only for data this
 * service writes and reads itself (its state store), where a registry round trip buys nothing.
 */
public final class AvroBinary {

    private AvroBinary() {}

    public static <T extends SpecificRecord> byte[] write(T value) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            new SpecificDatumWriter<T>(value.getSchema()).write(value, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T extends SpecificRecord> T read(Class<T> type, byte[] bytes) {
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
            return new SpecificDatumReader<T>(SpecificData.get().getSchema(type)).read(null, decoder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T extends SpecificRecord> Serde<T> serde(Class<T> type) {
        Serializer<T> ser = (topic, value) -> value == null ? null : write(value);
        Deserializer<T> de = (topic, bytes) -> bytes == null ? null : read(type, bytes);
        return org.apache.kafka.common.serialization.Serdes.serdeFrom(ser, de);
    }
}
