package dev.spotshift.bench;

import dev.spotshift.schemas.EventSerdes;
import dev.spotshift.schemas.Topic;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The broker and registry of the run, and clients configured the way the services configure theirs. */
public record Clients(String bootstrap, String registryUrl) {

    /**
     * The standard client security settings from the environment ({@code KAFKA_SECURITY_PROTOCOL},
     * {@code KAFKA_SASL_*}, {@code KAFKA_SSL_*}): against a secured cluster the benchmarks play every service, so
     * they log in as a principal allowed all of it.
     */
    public Map<String, String> security() {
        return dev.spotshift.schemas.access.KafkaClientSecurity.fromEnvironment(System.getenv());
    }

    /** Idempotent, acks=all (the project's producer rule), so raw and Spotshift pay the same durability. */
    public Map<String, Object> producerConfig() {
        Map<String, Object> c = new HashMap<>(security());
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return c;
    }

    public KafkaProducer<String, byte[]> rawProducer() {
        return new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer());
    }

    /** Writes catalog events through the registry's Avro serde, as the services do. */
    public EventProducer eventProducer() {
        return new EventProducer(new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer()),
                registryUrl);
    }

    /** read_committed: what an exactly-once consumer downstream of a Streams app sees. */
    public KafkaConsumer<String, byte[]> rawConsumer() {
        Properties p = new Properties();
        p.putAll(security());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    public Admin admin() {
        Map<String, Object> c = new HashMap<>(security());
        c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(c);
    }

    /** A producer of catalog events: the value serde is the topic's own (Apicurio, schema id in headers). */
    public static final class EventProducer implements AutoCloseable {
        private final KafkaProducer<String, byte[]> producer;
        private final String registryUrl;
        private final Map<String, Serializer<Object>> serializers = new java.util.concurrent.ConcurrentHashMap<>();

        EventProducer(KafkaProducer<String, byte[]> producer, String registryUrl) {
            this.producer = producer;
            this.registryUrl = registryUrl;
        }

        /** Serialises now (headers included) so callers can time the send alone if they want to. */
        @SuppressWarnings("unchecked")
        public <V extends SpecificRecord> ProducerRecord<String, byte[]> record(Topic<V> topic, String key, V value) {
            Serializer<Object> s = serializers.computeIfAbsent(topic.name(),
                    n -> EventSerdes.<Object>avroSerde(registryUrl, false).serializer());
            ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic.name(), key, null);
            byte[] bytes = s.serialize(topic.name(), r.headers(), value);
            ProducerRecord<String, byte[]> out = new ProducerRecord<>(topic.name(), null, key, bytes, r.headers());
            return out;
        }

        public <V extends SpecificRecord> void send(Topic<V> topic, String key, V value) {
            producer.send(record(topic, key, value));
        }

        public void send(ProducerRecord<String, byte[]> record) {
            producer.send(record);
        }

        public void flush() {
            producer.flush();
        }

        @Override
        public void close() {
            producer.close();
        }
    }
}
