package dev.spotshift.schemas.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotshift.events.KillSwitch;
import dev.spotshift.schemas.Envelopes;
import dev.spotshift.schemas.Topics;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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

/** The read-and-skip logic of the one whole-topic reader: an outage rewinds, garbage is passed by. */
class TopicLogTest {

    private static final String TOPIC = Topics.KILL_SWITCH.name();
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
    private static final List<String> LOG = List.of("a", "garbage", "needs-registry:b", "c");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC);

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private boolean registryUp;
    /** Each readable record is a switch whose operator is its text. */
    private final Deserializer<KillSwitch> values = (topic, bytes) -> {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.equals("garbage")) {
            throw new SerializationException("unknown magic byte");
        }
        if (text.startsWith("needs-registry:") && !registryUp) {
            throw new SerializationException("schema lookup failed", new SocketException("Connection refused"));
        }
        return KillSwitch.newBuilder()
                .setEnvelope(Envelopes.next(Topics.KILL_SWITCH_KEY, "test", null, CLOCK))
                .setEngaged(true).setOperator(text.replace("needs-registry:", "")).setReason(null).build();
    };

    @Test
    void anOutageRewindsToTheRecordItCouldNotReadAndGarbageIsPassedBy() {
        // Given a topic with a readable record, garbage, a record whose schema needs the registry, and another
        consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, null, null, null)));
        consumer.updateBeginningOffsets(Map.of(TP, 0L));
        consumer.updateEndOffsets(Map.of(TP, (long) LOG.size()));
        TopicLog log = new TopicLog(consumer,
                List.of(new DecodeOrDeadLetter<>(Topics.KILL_SWITCH, values, "test-reader", CLOCK)), Duration.ofSeconds(1));
        List<String> seen = new ArrayList<>();

        // When it is read while the registry is down
        consumer.schedulePollTask(this::deliverLog);
        assertThatThrownBy(() -> log.catchUp((t, v) -> seen.add(((KillSwitch) v).getOperator())))
                .isInstanceOf(SerializationException.class);

        // Then what came before was handed on, the garbage skipped and counted, and the reader rewound to the record
        assertThat(seen).containsExactly("a");
        assertThat(log.unreadable()).isEqualTo(1);
        assertThat(consumer.position(TP)).isEqualTo(2);

        // When the registry is back and the reader catches up again
        registryUp = true;
        consumer.schedulePollTask(this::deliverLog);
        log.catchUp((t, v) -> seen.add(((KillSwitch) v).getOperator()));

        // Then the record the outage stopped at is read, not lost, and nothing is read twice
        assertThat(seen).containsExactly("a", "b", "c");
        assertThat(log.unreadable()).isEqualTo(1);
    }

    @Test
    void aReadTheBrokerRefusesIsCountedWithTheConsumersPrincipalAndStillThrown() {
        // Given a whole-topic reader (the submission ledger's, a live-plan directory's) logged in as the analyzer
        io.micrometer.core.instrument.simple.SimpleMeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        dev.spotshift.schemas.access.BrokerRefusals.countIn(meters);
        try {
            consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, null, null, null)));
            consumer.updateBeginningOffsets(Map.of(TP, 0L));
            consumer.updateEndOffsets(Map.of(TP, 1L));
            TopicLog log = new TopicLog(consumer, List.of(new DecodeOrDeadLetter<>(Topics.KILL_SWITCH, values,
                    "test-reader", CLOCK)), Duration.ofSeconds(1), "User:refused-reader");

            // When the broker refuses its reads, twice
            for (int i = 0; i < 2; i++) {
                consumer.setPollException(new org.apache.kafka.common.errors.TopicAuthorizationException(
                        java.util.Set.of(TOPIC)));
                // Then the caller still sees the refusal (nothing is handed on)
                assertThatThrownBy(() -> log.catchUp((t, v) -> { }))
                        .isInstanceOf(org.apache.kafka.common.errors.TopicAuthorizationException.class);
            }

            // and each is counted once with the principal, the topic and the client kind, as a producer's refusal is
            assertThat(meters.counter(dev.spotshift.schemas.access.BrokerRefusals.METER, "principal", "User:refused-reader",
                    "topic", TOPIC, "client", "consumer").count()).isEqualTo(2.0);
        } finally {
            dev.spotshift.schemas.access.BrokerRefusals.countIn(io.micrometer.core.instrument.Metrics.globalRegistry);
        }
    }

    @Test
    void aRecordTheHandlerLeavesIsReadAgainAtTheNextRead() {
        // Given a topic with three readable records
        consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, null, null, null)));
        consumer.updateBeginningOffsets(Map.of(TP, 0L));
        consumer.updateEndOffsets(Map.of(TP, 3L));
        registryUp = true;
        TopicLog log = new TopicLog(consumer,
                List.of(new DecodeOrDeadLetter<>(Topics.KILL_SWITCH, values, "test-reader", CLOCK)), Duration.ofSeconds(1));
        List<Long> taken = new ArrayList<>();
        boolean[] refuseOnce = {true};

        // When the handler cannot take the second record the first time (say, its dead letter was not written)
        consumer.schedulePollTask(() -> deliver(List.of("a", "b", "c")));
        log.readToEnd((r, outcome) -> {
            if (r.offset() == 1 && refuseOnce[0]) {
                refuseOnce[0] = false;
                return false;
            }
            taken.add(r.offset());
            return true;
        });

        // Then the read stopped there, and the next read starts from it
        assertThat(taken).containsExactly(0L);
        assertThat(consumer.position(TP)).isEqualTo(1);
        consumer.schedulePollTask(() -> deliver(List.of("a", "b", "c")));
        log.readToEnd((r, outcome) -> taken.add(r.offset()));
        assertThat(taken).containsExactly(0L, 1L, 2L);
    }

    private void deliverLog() {
        deliver(LOG);
    }

    /** The broker hands out the whole log; the consumer keeps what lies at or after its position. */
    private void deliver(List<String> log) {
        for (int i = 0; i < log.size(); i++) {
            consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, i, "plan".getBytes(StandardCharsets.UTF_8),
                    log.get(i).getBytes(StandardCharsets.UTF_8)));
        }
    }
}
