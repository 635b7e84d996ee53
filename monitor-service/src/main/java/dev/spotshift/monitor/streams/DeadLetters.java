package dev.spotshift.monitor.streams;

import dev.spotshift.events.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** The dead letter for the record being processed (where it came from, its bytes, why), by the shared builder. */
final class DeadLetters {

    static final String CONSUMER = "monitor-service";

    private DeadLetters() {}

    static DeadLetter of(ProcessorContext<?, ?> context, String key, byte[] raw, String reason, Throwable cause) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        return dev.spotshift.schemas.DeadLetters.of(meta == null ? "(punctuation)" : meta.topic(),
                meta == null ? -1 : meta.partition(), meta == null ? -1 : meta.offset(),
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), raw, reason, cause, CONSUMER,
                Instant.ofEpochMilli(context.currentSystemTimeMs()));
    }
}
