package dev.spotshift.monitor.streams;

import dev.spotshift.events.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Builds the dead letter for the record being processed: where it came from, its bytes, why. */
final class DeadLetters {

    static final String CONSUMER = "monitor-service";

    private DeadLetters() {}

    static DeadLetter of(ProcessorContext<?, ?> context, String key, byte[] raw, String reason, Throwable cause) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        return DeadLetter.newBuilder()
                .setSourceTopic(meta == null ? "" : meta.topic())
                .setSourcePartition(meta == null ? -1 : meta.partition())
                .setSourceOffset(meta == null ? -1 : meta.offset())
                .setKey(key)
                .setValue(raw == null ? null : ByteBuffer.wrap(raw))
                .setReason(reason)
                .setExceptionClass(cause == null ? null : cause.getClass().getName())
                .setConsumer(CONSUMER)
                .setFailedAt(Instant.ofEpochMilli(context.currentSystemTimeMs()))
                .build();
    }
}
