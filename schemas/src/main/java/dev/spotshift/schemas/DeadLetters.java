package dev.spotshift.schemas;

import dev.spotshift.events.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;

/** Builds the dead-letter record every consumer writes for what it cannot decode or process. */
public final class DeadLetters {

    private DeadLetters() {}

    public static DeadLetter of(String sourceTopic, int partition, long offset, byte[] key, byte[] value,
                                String reason, Throwable error, String consumer, Instant failedAt) {
        return DeadLetter.newBuilder()
                .setSourceTopic(sourceTopic == null ? "unknown" : sourceTopic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setKey(key == null ? null : new String(key, java.nio.charset.StandardCharsets.UTF_8))
                .setValue(value == null ? null : ByteBuffer.wrap(value))
                .setReason(reason == null || reason.isBlank() ? describe(error) : reason)
                .setExceptionClass(error == null ? null : error.getClass().getName())
                .setConsumer(consumer == null ? "unknown" : consumer)
                .setFailedAt(failedAt)
                .build();
    }

    /** The message of the deepest cause, which is usually the one that says what was wrong. */
    public static String describe(Throwable error) {
        if (error == null) {
            return "unknown failure";
        }
        StringBuilder sb = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (sb.length() > 0) {
                sb.append(" <- ");
            }
            sb.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return sb.toString();
    }
}
