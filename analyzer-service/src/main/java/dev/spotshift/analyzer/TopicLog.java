package dev.spotshift.analyzer;

import dev.spotshift.schemas.EventSerdes;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
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
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AvroKafkaDeserializer<Object> avro = new AvroKafkaDeserializer<>();
    private final List<TopicPartition> assigned = new ArrayList<>();

    TopicLog(String bootstrap, String registryUrl, String name, List<String> topics, Duration timeout) {
        this.topics = List.copyOf(topics);
        this.timeout = timeout;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, name + "-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        avro.configure(EventSerdes.config(registryUrl), false);
    }

    /**
     * Hands every new record (topic, decoded value) to {@code each}, up to the end the topics have now.
     * A record that does not decode is skipped: the topic's own consumer dead-letters it. Throws when the
     * broker does not answer in time; nothing read so far is lost, the next call goes on from there.
     */
    synchronized void catchUp(BiConsumer<String, Object> each) {
        assignNewTopics();
        if (assigned.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(assigned, timeout);
        while (assigned.stream().anyMatch(tp -> consumer.position(tp, timeout) < end.get(tp))) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                Object value;
                try {
                    value = avro.deserialize(r.topic(), r.headers(), r.value());
                } catch (RuntimeException e) {
                    LOG.debugf("skipping %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), e.getMessage());
                    continue;
                }
                if (value != null) {
                    each.accept(r.topic(), value);
                }
            }
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
        consumer.close(Duration.ofSeconds(5));
        avro.close();
    }
}
