package dev.spotshift.coordinator.streams;

import dev.spotshift.events.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Clock;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Dead letters written inside the processing transaction, so a skipped record and its reason commit together. */
final class DeadLetters {

    static final String CONSUMER = "coordinator-service";

    private DeadLetters() {}

    static void send(ProcessorContext<String, Object> context, Clock clock, String key, byte[] raw,
                     String reason, Throwable cause) {
        var meta = context.recordMetadata();
        DeadLetter letter = DeadLetter.newBuilder()
                .setSourceTopic(meta.map(m -> m.topic()).orElse("(punctuation)"))
                .setSourcePartition(meta.map(m -> m.partition()).orElse(-1))
                .setSourceOffset(meta.map(m -> m.offset()).orElse(-1L))
                .setKey(key)
                .setValue(raw == null ? null : ByteBuffer.wrap(raw))
                .setReason(reason)
                .setExceptionClass(cause == null ? null : cause.getClass().getName())
                .setConsumer(CONSUMER)
                .setFailedAt(clock.instant())
                .build();
        context.forward(new Record<String, Object>(key, letter, clock.millis(), new RecordHeaders()),
                CoordinatorTopology.DEAD_LETTERS_SINK);
    }
}
