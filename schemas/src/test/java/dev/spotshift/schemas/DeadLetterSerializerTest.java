package dev.spotshift.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterSerializerTest {

    private static final Instant NOW = Instant.parse("2026-11-23T02:14:00Z");

    @Test
    void keepsTheUndecodableBytesAndSaysWhereTheyCameFromAndWhy() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("deserialization-failure-value-data", "garbage".getBytes(StandardCharsets.UTF_8));
        headers.add("deserialization-failure-reason", "Unknown magic byte!".getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-topic", "migration-plans".getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-partition", "2".getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-offset", "41".getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-exception-class-name", "org.apache.kafka.common.errors.SerializationException".getBytes(StandardCharsets.UTF_8));

        DeadLetter letter = DeadLetterSerializer.toDeadLetter(headers, null, "analyzer-service", NOW);

        assertThat(letter.getSourceTopic()).isEqualTo("migration-plans");
        assertThat(letter.getSourcePartition()).isEqualTo(2);
        assertThat(letter.getSourceOffset()).isEqualTo(41L);
        assertThat(letter.getValue()).isEqualTo(ByteBuffer.wrap("garbage".getBytes(StandardCharsets.UTF_8)));
        assertThat(letter.getReason()).isEqualTo("Unknown magic byte!");
        assertThat(letter.getExceptionClass()).endsWith("SerializationException");
        assertThat(letter.getConsumer()).isEqualTo("analyzer-service");
        assertThat(letter.getFailedAt()).isEqualTo(NOW);
    }

    @Test
    void aRecordThatFailedProcessingKeepsItsPayloadAndTheProcessingError() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("dead-letter-reason", "plan has no workload".getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-cause", "NullPointerException".getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-topic", "migration-plans".getBytes(StandardCharsets.UTF_8));

        DeadLetter letter = DeadLetterSerializer.toDeadLetter(headers, "payload", "executor", NOW);

        assertThat(letter.getReason()).isEqualTo("plan has no workload <- NullPointerException");
        assertThat(letter.getValue()).isEqualTo(ByteBuffer.wrap("payload".getBytes(StandardCharsets.UTF_8)));
        assertThat(letter.getSourcePartition()).isEqualTo(-1);
    }
}
