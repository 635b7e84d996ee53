package dev.spotshift.coordinator.streams;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Dead letters written inside the processing transaction, so a skipped record and its reason commit together.
 * The record itself comes from the one shared builder ({@link dev.spotshift.schemas.DeadLetters}).
 */
final class DeadLetters {

    static final String CONSUMER = "coordinator-service";

    private DeadLetters() {}

    static void send(ProcessorContext<String, Object> context, Clock clock, String key, byte[] raw,
                     String reason, Throwable cause) {
        var meta = context.recordMetadata();
        var letter = dev.spotshift.schemas.DeadLetters.of(meta.map(m -> m.topic()).orElse("(punctuation)"),
                meta.map(m -> m.partition()).orElse(-1), meta.map(m -> m.offset()).orElse(-1L),
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), raw, reason, cause, CONSUMER, clock.instant());
        context.forward(new Record<String, Object>(key, letter, clock.millis(), new RecordHeaders()),
                CoordinatorTopology.DEAD_LETTERS_SINK);
    }
}
