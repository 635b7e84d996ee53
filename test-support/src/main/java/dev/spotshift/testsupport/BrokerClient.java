package dev.spotshift.testsupport;

import dev.spotshift.schemas.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

/**
 * Plain Kafka clients on a real broker and registry, typed by the catalog's topics: what a test sends to a service
 * and reads back from it. Reads are read_committed (a transaction the service aborted never counts) and bounded.
 */
public final class BrokerClient implements AutoCloseable {

    private final String bootstrapServers;
    private final String registryUrl;
    /** One producer per topic, kept open: a test's events must arrive well inside a step's window. */
    private final Map<String, KafkaProducer<String, ?>> producers = new HashMap<>();

    public BrokerClient(String bootstrapServers, String registryUrl) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
    }

    /** Sends the event under {@code key} and returns once the broker has it. */
    @SuppressWarnings("unchecked")
    public <V extends SpecificRecord> void publish(Topic<V> topic, String key, V event) {
        KafkaProducer<String, V> producer = (KafkaProducer<String, V>) producers.computeIfAbsent(topic.name(),
                n -> new KafkaProducer<>(producerSettings(), new StringSerializer(),
                        topic.valueSerde(registryUrl).serializer()));
        acknowledged(() -> producer.send(new ProducerRecord<>(topic.name(), key, event)).get(), topic);
    }

    /** Sends the event under {@code key} stamped with {@code timestamp}, as a producer stamping at the event's time would. */
    @SuppressWarnings("unchecked")
    public <V extends SpecificRecord> void publish(Topic<V> topic, String key, V event, Instant timestamp) {
        KafkaProducer<String, V> producer = (KafkaProducer<String, V>) producers.computeIfAbsent(topic.name(),
                n -> new KafkaProducer<>(producerSettings(), new StringSerializer(),
                        topic.valueSerde(registryUrl).serializer()));
        acknowledged(() -> producer.send(new ProducerRecord<>(topic.name(), null, timestamp.toEpochMilli(), key, event))
                .get(), topic);
    }

    /** Bytes as they are (garbage, or null for a tombstone), as a broken or foreign producer would send them. */
    public void publishRaw(Topic<?> topic, String key, byte[] bytes) {
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(producerSettings(), new StringSerializer(),
                new ByteArraySerializer())) {
            acknowledged(() -> raw.send(new ProducerRecord<>(topic.name(), key, bytes)).get(), topic);
        }
    }

    /** Reads the topic from its start until {@code enough} holds for the records under {@code key} (60 s at most). */
    public <V extends SpecificRecord> List<V> readUntil(Topic<V> topic, String key, Predicate<List<V>> enough) {
        return readUntil(topic, key, Duration.ofSeconds(60), enough);
    }

    /** Reads the topic from its start until {@code enough} holds for the records under {@code key}. */
    public <V extends SpecificRecord> List<V> readUntil(Topic<V> topic, String key, Duration patience,
                                                        Predicate<List<V>> enough) {
        List<V> seen = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = consumer(topic)) {
            Awaitility.await().atMost(patience).pollInterval(Duration.ofMillis(50)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        seen.add(r.value());
                    }
                });
                return enough.test(seen);
            });
        }
        return seen;
    }

    /** Everything on the topic up to its current end. */
    public <V extends SpecificRecord> List<V> readAll(Topic<V> topic) {
        List<V> seen = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = consumer(topic)) {
            toCurrentEnd(consumer, r -> seen.add(r.value()));
        }
        return seen;
    }

    /**
     * The records under {@code key}, from the topic's start to its current end. Only those are decoded: another
     * test's garbage on the same topic is not this one's failure.
     */
    public <V extends SpecificRecord> List<V> readAll(Topic<V> topic, String key) {
        Deserializer<V> values = topic.valueSerde(registryUrl).deserializer();
        return readAllRaw(topic, key).stream().map(r -> values.deserialize(r.topic(), r.headers(), r.value())).toList();
    }

    /** The records under {@code key} as they are on the wire (headers and bytes), start to current end. */
    public List<ConsumerRecord<String, byte[]>> readAllRaw(Topic<?> topic, String key) {
        List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer(topic, new ByteArrayDeserializer())) {
            toCurrentEnd(consumer, r -> {
                if (key.equals(r.key())) {
                    seen.add(r);
                }
            });
        }
        return seen;
    }

    /**
     * "Nothing more arrives": the records under {@code key} committed while the topic is read for {@code window}.
     * The negative counterpart of {@link #readUntil}, which waits for a positive condition.
     */
    public <V extends SpecificRecord> List<V> readDuring(Topic<V> topic, String key, Duration window) {
        List<V> seen = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = consumer(topic)) {
            long deadline = System.nanoTime() + window.toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        seen.add(r.value());
                    }
                });
            }
        }
        return seen;
    }

    /** A reader kept open across a test's awaits, gathering the topic's records under {@code key} from its start. */
    public <V extends SpecificRecord> Tail<V> tail(Topic<V> topic, String key) {
        return new Tail<>(consumer(topic), key::equals);
    }

    /** The same for every key (a topic such as dead letters, keyed by what failed). */
    public <V extends SpecificRecord> Tail<V> tail(Topic<V> topic) {
        return new Tail<>(consumer(topic), k -> true);
    }

    /** What a {@link #tail} has gathered; each {@link #poll} reads on and answers everything seen so far. */
    public static final class Tail<V> implements AutoCloseable {
        private final KafkaConsumer<String, V> consumer;
        private final Predicate<String> keys;
        private final List<V> seen = new ArrayList<>();

        private Tail(KafkaConsumer<String, V> consumer, Predicate<String> keys) {
            this.consumer = consumer;
            this.keys = keys;
        }

        public List<V> poll() {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                if (keys.test(r.key())) {
                    seen.add(r.value());
                }
            });
            return List.copyOf(seen);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    private static <V> void toCurrentEnd(KafkaConsumer<String, V> consumer,
                                         java.util.function.Consumer<ConsumerRecord<String, V>> each) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(each);
            return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
        });
    }

    private Properties producerSettings() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return p;
    }

    private <V extends SpecificRecord> KafkaConsumer<String, V> consumer(Topic<V> topic) {
        return consumer(topic, topic.valueSerde(registryUrl).deserializer());
    }

    private <V> KafkaConsumer<String, V> consumer(Topic<?> topic, Deserializer<V> values) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // Only what the service committed: an event of an aborted transaction never counts.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(p, new StringDeserializer(), values);
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private interface Send {
        void await() throws InterruptedException, ExecutionException;
    }

    private static void acknowledged(Send send, Topic<?> topic) {
        try {
            send.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted sending to " + topic.name(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the broker did not take the record for " + topic.name(), e.getCause());
        }
    }

    @Override
    public void close() {
        producers.values().forEach(KafkaProducer::close);
    }
}
