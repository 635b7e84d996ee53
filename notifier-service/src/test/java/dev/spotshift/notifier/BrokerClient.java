package dev.spotshift.notifier;

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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

/** Plain Kafka clients on the real broker and registry, typed by the catalog's topics. */
final class BrokerClient implements AutoCloseable {

    private final String bootstrapServers;
    private final String registryUrl;
    private final Map<String, KafkaProducer<String, ?>> producers = new HashMap<>();

    BrokerClient(String bootstrapServers, String registryUrl) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
    }

    @SuppressWarnings("unchecked")
    <V extends SpecificRecord> void publish(Topic<V> topic, String key, V event) throws Exception {
        KafkaProducer<String, V> producer = (KafkaProducer<String, V>) producers.computeIfAbsent(topic.name(), n -> {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            return new KafkaProducer<>(p, new StringSerializer(), topic.valueSerde(registryUrl).serializer());
        });
        producer.send(new ProducerRecord<>(topic.name(), key, event)).get();
    }

    /** Raw bytes as a broken or foreign producer would write them: no registry, no schema id. */
    void publishBytes(Topic<?> topic, String key, byte[] value) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(p, new StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(topic.name(), key, value)).get();
        }
    }

    /** Reads the topic from its start until {@code enough} holds for the records under {@code key} (bounded). */
    <V extends SpecificRecord> List<V> readUntil(Topic<V> topic, String key, Predicate<List<V>> enough) {
        List<V> seen = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = consumer(topic)) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
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
    <V extends SpecificRecord> List<V> readAll(Topic<V> topic) {
        List<V> seen = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = consumer(topic)) {
            Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
                for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(r.value());
                }
                return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
            });
        }
        return seen;
    }

    private <V extends SpecificRecord> KafkaConsumer<String, V> consumer(Topic<V> topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                topic.valueSerde(registryUrl).deserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    @Override
    public void close() {
        producers.values().forEach(KafkaProducer::close);
    }
}
