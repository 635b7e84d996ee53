package dev.spotshift.schemas.streams;

import dev.spotshift.schemas.Topic;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * The one whole-topic reader: catalog topics read into memory from their beginning, every partition assigned, no
 * consumer group and no commits (every replica needs every record, and a committed offset would skip the state a
 * restart must rebuild), read_committed (a record of an aborted transaction never happened). Each record goes through
 * the shared {@link DecodeOrDeadLetter} step of its topic and is handed on with what it turned out to be.
 * <p>
 * Read on demand with {@link #catchUp} or {@link #readToEnd} (from where the last call stopped to the end the topics
 * have now), or kept up by a {@link TopicFollower} thread. A transient failure (registry or broker unreachable) rewinds to the record it
 * stopped at, so no record is lost to an outage; a record the handler cannot take yet (it returns false) is rewound
 * to the same way. A topic that does not exist yet (a fresh cluster) is looked for again at the next read.
 */
public final class TopicLog implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TopicLog.class);
    private static final Duration POLL = Duration.ofMillis(200);

    /** Takes one record and what it decoded to; false when it must be read again later (nothing was kept of it). */
    @FunctionalInterface
    public interface Handler {
        boolean handle(ConsumerRecord<byte[], byte[]> record, DecodeOrDeadLetter.Outcome<?> outcome);
    }

    private final Consumer<byte[], byte[]> consumer;
    private final Map<String, DecodeOrDeadLetter<?>> decoders;
    private final Duration timeout;
    private final String principal;
    private final List<TopicPartition> assigned = new ArrayList<>();
    private long unreadable;
    private Throwable lastRefusal;

    public TopicLog(Consumer<byte[], byte[]> consumer, List<? extends DecodeOrDeadLetter<?>> decoders, Duration timeout) {
        this(consumer, decoders, timeout, "unknown");
    }

    /** As above, for a consumer that logs in as {@code principal} (named in the count of its refusals). */
    public TopicLog(Consumer<byte[], byte[]> consumer, List<? extends DecodeOrDeadLetter<?>> decoders, Duration timeout,
                    String principal) {
        this.principal = principal;
        this.consumer = consumer;
        this.decoders = new LinkedHashMap<>();
        decoders.forEach(d -> this.decoders.put(d.topic().name(), d));
        this.timeout = timeout;
    }

    /** A reader of {@code topics} through the registry, named {@code reader} in its client id and its dead letters. */
    public static TopicLog open(String bootstrapServers, String registryUrl, String reader, List<? extends Topic<?>> topics,
                                Duration timeout) {
        return new TopicLog(consumer(bootstrapServers, reader), topics.stream()
                .map(t -> DecodeOrDeadLetter.of(t, t.valueSerde(registryUrl).deserializer(), reader, Clock.systemUTC()))
                .toList(), timeout,
                dev.spotshift.schemas.access.BrokerRefusals.principalOf(dev.spotshift.schemas.access.ServiceKafkaSecurity.settings()));
    }

    private static Consumer<byte[], byte[]> consumer(String bootstrapServers, String reader) {
        Properties p = new Properties();
        p.putAll(dev.spotshift.schemas.access.ServiceKafkaSecurity.settings());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, reader + "-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Hands the decoded value of each event on (topic, value), up to the end the topics have now. A record that can
     * never be read is passed over with a warning and counted ({@link #unreadable}): this reader is a mirror, the
     * topic's own consumers dead-letter it. A tombstone (a compacted topic's deletion) is not handed on.
     *
     * @throws RuntimeException a transient failure, after rewinding to the first record not handed on (the next call
     *                          reads it again), or the broker not answering in time (nothing read so far is lost)
     */
    public void catchUp(BiConsumer<String, Object> each) {
        readToEnd(values(each));
    }

    /** Like {@link #catchUp(BiConsumer)}, every outcome to {@code handler}; stops early where it returns false. */
    public synchronized void readToEnd(Handler handler) {
        try {
            assignNewTopics();
            if (assigned.isEmpty()) {
                return;
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned, timeout);
            while (!reached(end)) {
                if (!pollOnce(handler, POLL)) {
                    return;
                }
            }
        } catch (org.apache.kafka.common.errors.AuthorizationException refused) {
            throw refused(refused);
        }
    }

    /**
     * A read the broker refused (the catalog's ACLs do not grant this principal the topic or group): counted and logged
     * once per principal and topic, as the REST doors' and the producers' refusals are, then thrown to the caller as
     * before — the submission ledger's and the live-plan directories' callers answer 503 or retry.
     */
    private RuntimeException refused(org.apache.kafka.common.errors.AuthorizationException e) {
        if (e == lastRefusal) {
            return e; // counted already, by the poll inside this read
        }
        lastRefusal = e;
        try {
            dev.spotshift.schemas.access.BrokerRefusals.record(principal, e,
                    decoders.size() == 1 ? decoders.keySet().iterator().next() : null, "consumer");
        } catch (LinkageError noMicrometer) {
            // a process without Micrometer: the caller sees the refusal itself
        }
        return e;
    }

    /** The handler that hands decoded values on and passes over, with a warning, what cannot be read. */
    public Handler values(BiConsumer<String, Object> each) {
        return (record, outcome) -> {
            if (outcome instanceof DecodeOrDeadLetter.Decoded<?> d) {
                each.accept(record.topic(), d.value());
            } else if (outcome instanceof DecodeOrDeadLetter.Unreadable<?> u) {
                passedOver(record, u.reason());
            }
            return true;
        };
    }

    /** Counts and logs a record this reader leaves for the topic's own consumers to dead-letter. */
    public synchronized void passedOver(ConsumerRecord<byte[], byte[]> record, String reason) {
        unreadable++;
        LOG.warnf("skipped %s-%d@%d (its consumers dead-letter it): %s", record.topic(), record.partition(),
                record.offset(), reason);
    }

    /** Records passed over as unreadable since this reader was made. */
    public synchronized long unreadable() {
        return unreadable;
    }

    /**
     * One poll, each record handed on in order. Returns false when a partition was rewound to a record the handler
     * left for later; throws a transient failure after rewinding to the record it stopped at.
     */
    public synchronized boolean pollOnce(Handler handler, Duration poll) {
        if (assigned.isEmpty()) {
            return true;
        }
        ConsumerRecords<byte[], byte[]> batch;
        try {
            batch = consumer.poll(poll);
        } catch (org.apache.kafka.common.errors.AuthorizationException refused) {
            throw refused(refused);
        }
        boolean all = true;
        for (TopicPartition tp : batch.partitions()) {
            for (ConsumerRecord<byte[], byte[]> r : batch.records(tp)) {
                boolean taken;
                try {
                    taken = handler.handle(r, decoders.get(r.topic()).decode(r));
                } catch (RuntimeException e) {
                    rewind(batch, tp, r);
                    throw e;
                }
                if (!taken) {
                    consumer.seek(tp, r.offset());
                    all = false;
                    break;
                }
            }
        }
        return all;
    }

    /** {@code stoppedAt}'s partition goes back to it; the partitions after it in the batch to their first record. */
    private void rewind(ConsumerRecords<byte[], byte[]> batch, TopicPartition stoppedIn, ConsumerRecord<byte[], byte[]> stoppedAt) {
        boolean after = false;
        for (TopicPartition tp : batch.partitions()) {
            if (tp.equals(stoppedIn)) {
                consumer.seek(tp, stoppedAt.offset());
                after = true;
            } else if (after) {
                consumer.seek(tp, batch.records(tp).get(0).offset());
            }
        }
    }

    /** Every topic is assigned: none was missing at the last look. */
    public synchronized boolean complete() {
        return new HashSet<>(assigned.stream().map(TopicPartition::topic).toList()).size() == decoders.size();
    }

    /** Where the assigned partitions end now. */
    public synchronized Map<TopicPartition, Long> endOffsets() {
        return consumer.endOffsets(assigned, timeout);
    }

    /** Every partition in {@code end} was read up to there. */
    public synchronized boolean reached(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey(), timeout) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Stops a poll in progress from another thread (the poll throws WakeupException). */
    public void wakeup() {
        consumer.wakeup();
    }

    /** Assigns the topics that exist now, from their beginning; true when every topic is assigned. */
    public synchronized boolean assignAll() {
        assignNewTopics();
        return complete();
    }

    private void assignNewTopics() {
        if (complete()) {
            return;
        }
        Set<String> have = new HashSet<>(assigned.stream().map(TopicPartition::topic).toList());
        var existing = consumer.listTopics(timeout);
        List<TopicPartition> fresh = new ArrayList<>();
        for (String t : decoders.keySet()) {
            if (!have.contains(t) && existing.containsKey(t)) {
                existing.get(t).forEach(i -> fresh.add(new TopicPartition(t, i.partition())));
            }
        }
        if (!fresh.isEmpty()) {
            assigned.addAll(fresh);
            consumer.assign(assigned);
            consumer.seekToBeginning(fresh);
        }
    }

    @Override
    public synchronized void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
