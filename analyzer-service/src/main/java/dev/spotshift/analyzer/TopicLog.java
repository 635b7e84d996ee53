package dev.spotshift.analyzer;

import dev.spotshift.schemas.EventSerdes;
import dev.spotshift.schemas.streams.Transience;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.jboss.logging.Logger;

/**
 * Reads topics into memory: the first {@link #catchUp} from their beginning to their current end, each
 * later one from where the last stopped to the new end. No consumer group (every replica needs every
 * record, and nothing is committed) and read_committed, so a record of an aborted transaction never
 * counts. The ledger reads once at start; the live-plan directory catches up before every judgement.
 */
final class TopicLog implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TopicLog.class);

    private final List<String> topics;
    private final Duration timeout;
    private final Consumer<byte[], byte[]> consumer;
    private final Deserializer<Object> values;
    private final List<TopicPartition> assigned = new ArrayList<>();
    private long unreadable;

    TopicLog(String bootstrap, String registryUrl, String name, List<String> topics, Duration timeout) {
        this(consumer(bootstrap, name), registryDeserializer(registryUrl), topics, timeout);
    }

    TopicLog(Consumer<byte[], byte[]> consumer, Deserializer<Object> values, List<String> topics, Duration timeout) {
        this.topics = List.copyOf(topics);
        this.timeout = timeout;
        this.consumer = consumer;
        this.values = values;
    }

    private static Consumer<byte[], byte[]> consumer(String bootstrap, String name) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, name + "-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.putAll(dev.spotshift.schemas.access.ServiceKafkaSecurity.settings());
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static Deserializer<Object> registryDeserializer(String registryUrl) {
        AvroKafkaDeserializer<Object> avro = new AvroKafkaDeserializer<>();
        avro.configure(EventSerdes.config(registryUrl), false);
        return avro;
    }

    /** Records skipped because they can never be read (their topic's own consumers dead-letter them). */
    synchronized long unreadable() {
        return unreadable;
    }

    /**
     * Hands every new record (topic, decoded value) to {@code each}, up to the end the topics have now.
     * A record that can never be decoded is skipped with a warning: the topic's own consumers dead-letter it.
     * A transient failure (registry or broker unreachable) is thrown after rewinding to the first record not
     * handed on, so no record is lost to an outage: the next call reads it again. Throws too when the broker
     * does not answer in time; nothing read so far is lost, the next call goes on from there.
     */
    synchronized void catchUp(BiConsumer<String, Object> each) {
        assignNewTopics();
        if (assigned.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(assigned, timeout);
        while (assigned.stream().anyMatch(tp -> consumer.position(tp, timeout) < end.get(tp))) {
            ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(200));
            Map<TopicPartition, Long> handed = new HashMap<>();
            try {
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    Object value = decode(r);
                    if (value != null) {
                        each.accept(r.topic(), value);
                    }
                    handed.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
                }
            } catch (RuntimeException e) {
                for (TopicPartition tp : batch.partitions()) {
                    consumer.seek(tp, handed.getOrDefault(tp, batch.records(tp).get(0).offset()));
                }
                throw e;
            }
        }
    }

    /** The record's value; null when it can never be read; throws when the failure may pass. */
    private Object decode(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            return null; // a compacted topic's deletion: nothing to hand on
        }
        try {
            return values.deserialize(r.topic(), r.headers(), r.value());
        } catch (RuntimeException e) {
            if (Transience.isTransient(e)) {
                throw e;
            }
            unreadable++;
            LOG.warnf("skipping unreadable %s-%d@%d (its consumers dead-letter it): %s", r.topic(), r.partition(),
                    r.offset(), e.getMessage());
            return null;
        }
    }

    /** A topic that does not exist yet (a fresh cluster) is looked for again at the next catch-up. */
    private void assignNewTopics() {
        Set<String> have = new java.util.HashSet<>(assigned.stream().map(TopicPartition::topic).toList());
        if (have.size() == topics.size()) {
            return;
        }
        var existing = consumer.listTopics(timeout);
        List<TopicPartition> fresh = new ArrayList<>();
        for (String t : topics) {
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
        consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
        values.close();
    }
}
