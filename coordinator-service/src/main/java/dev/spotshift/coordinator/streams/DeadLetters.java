package dev.spotshift.coordinator.streams;

import dev.spotshift.events.DeadLetter;
import dev.spotshift.schemas.streams.StreamsDeadLetters;
import java.time.Clock;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Dead letters written inside the processing transaction, so a skipped record and its reason commit together.
 * The record itself comes from the one shared builder ({@link StreamsDeadLetters}).
 */
final class DeadLetters {

    static final String CONSUMER = "coordinator-service";

    private DeadLetters() {}

    static void send(ProcessorContext<String, Object> context, Clock clock, String key, byte[] raw,
                     String reason, Throwable cause) {
        send(context, StreamsDeadLetters.of(context, key, raw, reason, cause, CONSUMER));
    }

    static void send(ProcessorContext<String, Object> context, DeadLetter letter) {
        context.forward(new Record<String, Object>(letter.getKey(), letter, context.currentSystemTimeMs(),
                new RecordHeaders()), CoordinatorTopology.DEAD_LETTERS_SINK);
    }
}
