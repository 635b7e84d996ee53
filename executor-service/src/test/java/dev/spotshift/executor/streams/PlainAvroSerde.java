package dev.spotshift.executor.streams;

import dev.spotshift.schemas.Topic;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Avro binary without a registry, for TopologyTestDriver: same records, same schemas, no network. The registry
 * path itself is covered by the test on the real broker and registry.
 */
final class PlainAvroSerde {

    static final EventSerdeSource SOURCE = new EventSerdeSource() {
        @Override
        public <V extends SpecificRecord> Serde<V> valueSerde(Topic<V> topic) {
            return of(topic.valueType());
        }
    };

    private PlainAvroSerde() {}

    static <V extends SpecificRecord> Serde<V> of(Class<V> type) {
        var schema = SpecificData.get().getSchema(type);
        return Serdes.serdeFrom((topic, value) -> {
            if (value == null) {
                return null;
            }
            try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
                Encoder encoder = EncoderFactory.get().binaryEncoder(out, null);
                new SpecificDatumWriter<V>(schema).write(value, encoder);
                encoder.flush();
                return out.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return new SpecificDatumReader<V>(schema).read(null, DecoderFactory.get().binaryDecoder(bytes, null));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
