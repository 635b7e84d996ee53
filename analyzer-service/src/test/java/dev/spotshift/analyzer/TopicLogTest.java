package dev.spotshift.analyzer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

/** The read-and-skip logic of the analyzer's whole-topic reader: an outage rewinds, garbage is passed by. */
class TopicLogTest {

    private static final String TOPIC = dev.spotshift.schemas.Topics.MIGRATION_STATUS.name();
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
    private static final List<String> LOG = List.of("a", "garbage", "needs-registry:b", "c");

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private boolean registryUp;
    private final Deserializer<Object> values = (topic, bytes) -> {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.equals("garbage")) {
            throw new SerializationException("unknown magic byte");
        }
        if (text.startsWith("needs-registry:") && !registryUp) {
            throw new SerializationException("schema lookup failed", new SocketException("Connection refused"));
        }
        return text.replace("needs-registry:", "");
    };

    @Test
    void anOutageRewindsToTheRecordItCouldNotReadAndGarbageIsPassedBy() {
        // Given a topic with a readable record, garbage, a record whose schema needs the registry, and another
        consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, null, null, null)));
        consumer.updateBeginningOffsets(Map.of(TP, 0L));
        consumer.updateEndOffsets(Map.of(TP, (long) LOG.size()));
        TopicLog log = new TopicLog(consumer, values, List.of(TOPIC), Duration.ofSeconds(1));
        List<Object> seen = new ArrayList<>();

        // When it is read while the registry is down
        consumer.schedulePollTask(this::deliverLog);
        assertThatThrownBy(() -> log.catchUp((t, v) -> seen.add(v))).isInstanceOf(SerializationException.class);

        // Then what came before was handed on, the garbage skipped and counted, and the reader rewound to the record
        assertThat(seen).containsExactly("a");
        assertThat(log.unreadable()).isEqualTo(1);
        assertThat(consumer.position(TP)).isEqualTo(2);

        // When the registry is back and the reader catches up again
        registryUp = true;
        consumer.schedulePollTask(this::deliverLog);
        log.catchUp((t, v) -> seen.add(v));

        // Then the record the outage stopped at is read, not lost, and nothing is read twice
        assertThat(seen).containsExactly("a", "b", "c");
        assertThat(log.unreadable()).isEqualTo(1);
    }

    /** The broker hands out the whole log; the consumer keeps what lies at or after its position. */
    private void deliverLog() {
        for (int i = 0; i < LOG.size(); i++) {
            consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, i, "plan".getBytes(StandardCharsets.UTF_8),
                    LOG.get(i).getBytes(StandardCharsets.UTF_8)));
        }
    }
}
