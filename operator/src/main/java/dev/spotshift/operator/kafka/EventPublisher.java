package dev.spotshift.operator.kafka;

import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.access.ServiceKafkaSecurity;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Publishes the operator's events synchronously: the status says "submitted" only after the broker has the plan, so a
 * reconcile that fails in between submits again, under the same planIds, which the analyzer answers once.
 */
@ApplicationScoped
public class EventPublisher {

    private static final long SEND_TIMEOUT_MS = 30_000;

    private final KafkaProducer<String, byte[]> producer;
    private final String registryUrl;
    private final Map<String, Serializer<Object>> serializers = new ConcurrentHashMap<>();

    public EventPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                          @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url") String registryUrl) {
        this.registryUrl = registryUrl;
        Properties p = new Properties();
        p.putAll(ServiceKafkaSecurity.settings());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "plan-operator");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 25_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public <V extends SpecificRecord> void send(Topic<V> topic, String key, V value) {
        Serializer<Object> serializer = serializers.computeIfAbsent(topic.name(),
                n -> (Serializer) topic.valueSerde(registryUrl).serializer());
        RecordHeaders headers = new RecordHeaders();
        byte[] bytes = serializer.serialize(topic.name(), headers, value);
        try {
            producer.send(new ProducerRecord<>(topic.name(), null, key, bytes, headers))
                    .get(SEND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the broker did not take the event for " + topic.name() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + topic.name(), e);
        }
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
