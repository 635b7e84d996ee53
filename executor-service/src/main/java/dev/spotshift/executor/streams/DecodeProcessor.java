package dev.spotshift.executor.streams;

import dev.spotshift.schemas.DeadLetters;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes one input topic's Avro values; what cannot be decoded goes on as a {@code DeadLetter} with the reason,
 * inside the same exactly-once transaction, instead of stopping the stream thread.
 */
final class DecodeProcessor<V extends SpecificRecord> implements Processor<String, byte[], String, SpecificRecord> {

    private final Deserializer<V> deserializer;
    private final String consumer;
    private ProcessorContext<String, SpecificRecord> context;

    DecodeProcessor(Deserializer<V> deserializer, String consumer) {
        this.deserializer = deserializer;
        this.consumer = consumer;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        String topic = meta == null ? null : meta.topic();
        SpecificRecord value;
        try {
            value = deserializer.deserialize(topic, record.headers(), record.value());
            if (value == null) {
                throw new IllegalArgumentException("empty value (tombstone) on an event topic");
            }
        } catch (RuntimeException e) {
            value = DeadLetters.of(topic, meta == null ? -1 : meta.partition(), meta == null ? -1 : meta.offset(),
                    record.key() == null ? null : record.key().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    record.value(), null, e, consumer, Instant.ofEpochMilli(context.currentSystemTimeMs()));
        }
        context.forward(record.withValue(value));
    }
}
