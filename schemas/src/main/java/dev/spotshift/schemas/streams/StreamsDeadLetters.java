package dev.spotshift.schemas.streams;

import dev.spotshift.events.DeadLetter;
import dev.spotshift.schemas.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The dead letter a Streams processor writes for the record it is processing (or, from a punctuation, for none): where
 * it came from, its bytes and why, by the one {@link DeadLetters} builder, stamped with the processor's wall-clock time
 * so a TopologyTestDriver moves it with everything else.
 */
public final class StreamsDeadLetters {

    private StreamsDeadLetters() {}

    public static DeadLetter of(ProcessorContext<?, ?> context, String key, byte[] raw, String reason, Throwable cause,
                                String consumer) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        return DeadLetters.of(meta == null ? "(punctuation)" : meta.topic(), meta == null ? -1 : meta.partition(),
                meta == null ? -1 : meta.offset(), key == null ? null : key.getBytes(StandardCharsets.UTF_8), raw,
                reason, cause, consumer, Instant.ofEpochMilli(context.currentSystemTimeMs()));
    }
}
