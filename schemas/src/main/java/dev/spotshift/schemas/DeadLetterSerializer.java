package dev.spotshift.schemas;

import dev.spotshift.events.DeadLetter;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Value serializer for the Quarkus dead-letter queue of every incoming channel
 * ({@code mp.messaging.incoming.X.dead-letter-queue.value.serializer}). The connector hands it the
 * failed record (or null when the bytes did not decode) with the failure in headers; this turns that
 * into one {@link DeadLetter} Avro record, so the dead-letters topic has a single format whoever wrote it.
 */
public class DeadLetterSerializer implements Serializer<Object> {

    // Header names written by SmallRye Reactive Messaging's Kafka connector.
    static final String FAILED_VALUE_BYTES = "deserialization-failure-value-data";
    static final String FAILED_BYTES = "deserialization-failure-data";
    static final String FAILED_KEY_BYTES = "deserialization-failure-key-data";
    static final String DESERIALIZATION_REASON = "deserialization-failure-reason";
    static final String DLQ_REASON = "dead-letter-reason";
    static final String DLQ_CAUSE = "dead-letter-cause";
    static final String DLQ_EXCEPTION = "dead-letter-exception-class-name";
    static final String DLQ_TOPIC = "dead-letter-topic";
    static final String DLQ_PARTITION = "dead-letter-partition";
    static final String DLQ_OFFSET = "dead-letter-offset";

    private final AvroKafkaSerializer<DeadLetter> avro = new AvroKafkaSerializer<>();
    private String consumer = "unknown";

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        Object clientId = configs.get("client.id");
        if (clientId != null) {
            consumer = clientId.toString().replace("kafka-dead-letter-topic-producer-", "");
        }
        avro.configure(configs, isKey);
    }

    @Override
    public byte[] serialize(String topic, Object data) {
        throw new UnsupportedOperationException("dead letters need the failure headers");
    }

    @Override
    public byte[] serialize(String topic, Headers headers, Object data) {
        DeadLetter letter = toDeadLetter(headers, data, consumer, Instant.now());
        return avro.serialize(topic, headers, letter);
    }

    static DeadLetter toDeadLetter(Headers headers, Object data, String consumer, Instant now) {
        byte[] value = bytes(headers, FAILED_VALUE_BYTES);
        if (value == null) {
            value = bytes(headers, FAILED_BYTES);
        }
        if (value == null && data != null) {
            value = encode(data);
        }
        String reason = text(headers, DESERIALIZATION_REASON);
        if (reason == null) {
            reason = text(headers, DLQ_REASON);
        }
        String cause = text(headers, DLQ_CAUSE);
        if (cause != null && reason != null && !reason.contains(cause)) {
            reason = reason + " <- " + cause;
        }
        String partition = text(headers, DLQ_PARTITION);
        String offset = text(headers, DLQ_OFFSET);
        DeadLetter letter = DeadLetters.of(text(headers, DLQ_TOPIC),
                partition == null ? -1 : Integer.parseInt(partition),
                offset == null ? -1L : Long.parseLong(offset),
                bytes(headers, FAILED_KEY_BYTES), value, reason, null, consumer, now);
        letter.setExceptionClass(text(headers, DLQ_EXCEPTION));
        return letter;
    }

    private static byte[] encode(Object data) {
        if (data instanceof byte[] b) {
            return b;
        }
        if (data instanceof SpecificRecord r) {
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
                new SpecificDatumWriter<SpecificRecord>(r.getSchema()).write(r, enc);
                enc.flush();
                return out.toByteArray();
            } catch (IOException | RuntimeException e) {
                return r.toString().getBytes(StandardCharsets.UTF_8);
            }
        }
        return String.valueOf(data).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(Headers headers, String name) {
        if (headers == null) {
            return null;
        }
        Header h = headers.lastHeader(name);
        return h == null ? null : h.value();
    }

    private static String text(Headers headers, String name) {
        byte[] b = bytes(headers, name);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        avro.close();
    }
}
