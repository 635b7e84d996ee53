package dev.spotshift.analyzer;

import dev.spotshift.infra.LocalInfra;
import dev.spotshift.schemas.EventSerdes;
import dev.spotshift.schemas.Topic;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.avro.specific.SpecificRecord;

/** Plain Kafka clients for the tests: read a whole topic to its current end, write records. */
final class TopicReader {

    private TopicReader() {}

    /** Every value of the topic with this key, from the beginning to the topic's current end. */
    @SuppressWarnings("unchecked")
    static <V extends SpecificRecord> List<V> valuesFor(Topic<V> topic, String key) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.shared().bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "analyzer-test-" + UUID.randomUUID());
        AvroKafkaDeserializer<Object> avro = new AvroKafkaDeserializer<>();
        avro.configure(EventSerdes.config(LocalInfra.shared().registryUrl()), false);
        // A record whose schema id travels in the payload (magic byte) rather than in headers.
        Map<String, Object> inPayload = new java.util.HashMap<>(EventSerdes.config(LocalInfra.shared().registryUrl()));
        inPayload.put(io.apicurio.registry.serde.SerdeConfig.ENABLE_HEADERS, false);
        AvroKafkaDeserializer<Object> payloadIds = new AvroKafkaDeserializer<>();
        payloadIds.configure(inPayload, false);
        List<V> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic.name(), i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) {
                        try {
                            boolean idInHeaders = r.headers().lastHeader("apicurio.value.globalId") != null
                                    || r.headers().lastHeader("apicurio.value.contentId") != null;
                            out.add((V) (idInHeaders ? avro.deserialize(r.topic(), r.headers(), r.value())
                                    : payloadIds.deserialize(r.topic(), r.value())));
                        } catch (RuntimeException e) {
                            List<String> names = new ArrayList<>();
                            r.headers().forEach(h -> names.add(h.key()));
                            throw new IllegalStateException("cannot decode " + r.topic() + "@" + r.offset() + " headers " + names, e);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Raw records of the topic with this key (headers and bytes), beginning to current end. */
    static List<ConsumerRecord<String, byte[]>> rawFor(Topic<?> topic, String key) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.shared().bootstrapServers());
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic.name(), i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) {
                        out.add(r);
                    }
                }
            }
        }
        return out;
    }

    static <V extends SpecificRecord> void send(Topic<V> topic, String key, V value) throws Exception {
        Map<String, Object> c = new java.util.HashMap<>(EventSerdes.config(LocalInfra.shared().registryUrl()));
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.shared().bootstrapServers());
        AvroKafkaSerializer<V> avro = new AvroKafkaSerializer<>();
        avro.configure(EventSerdes.config(LocalInfra.shared().registryUrl()), false);
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(c, new StringSerializer(), avro)) {
            producer.send(new ProducerRecord<>(topic.name(), key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    static void sendBytes(Topic<?> topic, String key, byte[] value) throws Exception {
        Map<String, Object> c = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.shared().bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(c, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic.name(), key, value)).get(30, TimeUnit.SECONDS);
        }
    }
}
