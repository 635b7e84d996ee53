package dev.spotshift.monitor.streams;

import dev.spotshift.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

/** Plain Kafka clients on a real broker and registry, typed by the catalog's topics. */
final class BrokerClient implements AutoCloseable {

    private final String bootstrapServers;
    private final String registryUrl;
    private final Map<String, KafkaProducer<String, ?>> producers = new HashMap<>();

    BrokerClient(String bootstrapServers, String registryUrl) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
    }

    /** One producer per topic, kept open: a test's events must arrive well inside a step's window. */
    @SuppressWarnings("unchecked")
    <V extends SpecificRecord> void publish(Topic<V> topic, String planId, V event) {
        KafkaProducer<String, V> producer = (KafkaProducer<String, V>) producers.computeIfAbsent(topic.name(), n -> {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            return new KafkaProducer<>(p, new StringSerializer(), topic.valueSerde(registryUrl).serializer());
        });
        producer.send(new ProducerRecord<>(topic.name(), planId, event));
        producer.flush();
    }

    /** Bytes as they are (garbage, or null for a tombstone), as a broken or hostile producer would send them. */
    void publishRaw(Topic<?> topic, String key, byte[] bytes) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(p, new StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(topic.name(), key, bytes));
            raw.flush();
        }
    }

    @Override
    public void close() {
        producers.values().forEach(KafkaProducer::close);
    }

    /** Reads the topic from the start until {@code enough} holds for the plan's records (bounded wait). */
    <V extends SpecificRecord> List<V> readUntil(Topic<V> topic, String planId, Predicate<List<V>> enough) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // Only what the monitor committed: a command of an aborted transaction never counts.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<V> seen = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                topic.valueSerde(registryUrl).deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (planId.equals(r.key())) {
                        seen.add(r.value());
                    }
                });
                return enough.test(seen);
            });
        }
        return seen;
    }

}
