package dev.spotshift.schemas;

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
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes one event at a time and returns only once the broker has it (acks=all, idempotent): what a person or a
 * reconcile loop acts on — "submitted", a 202 — must already be on the log. The CLI, the console's actions and the
 * Kubernetes operator write this way; each topic's serde comes from the catalog ({@link Topic#valueSerde}), so the
 * topic decides where the schema id travels.
 */
public final class AckedPublisher implements AutoCloseable {

    /** The broker did not take the record in time (or refused it); the message names the topic. */
    public static final class NotTaken extends IllegalStateException {
        NotTaken(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final KafkaProducer<String, byte[]> producer;
    private final String registryUrl;
    private final Duration ackWait;
    private final Map<String, Serializer<Object>> serializers = new ConcurrentHashMap<>();

    /**
     * @param client  the client's connection settings: bootstrap servers, security, client id (others are kept)
     * @param ackWait how long a send may wait for metadata and again for the acknowledgement
     */
    public AckedPublisher(Properties client, String registryUrl, Duration ackWait) {
        this.registryUrl = registryUrl;
        this.ackWait = ackWait;
        Properties p = new Properties();
        p.putAll(client);
        int wait = (int) ackWait.toMillis();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, wait);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, wait);
        // at least linger + request timeout, or the producer refuses its settings
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, wait);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Sends and waits for the acknowledgement. A schema the registry does not have fails as the serde's
     * {@link org.apache.kafka.common.errors.SerializationException}; a broker that does not take the record in time as
     * {@link NotTaken}.
     */
    public <V extends SpecificRecord> RecordMetadata send(Topic<V> topic, String key, V value) {
        return send(topic, key, value, Map.of());
    }

    /** As {@link #send(Topic, String, Object)}, with record headers of the writer's own (an operator's token). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <V extends SpecificRecord> RecordMetadata send(Topic<V> topic, String key, V value, Map<String, String> extra) {
        Serializer<Object> serializer = serializers.computeIfAbsent(topic.name(),
                n -> (Serializer) topic.valueSerde(registryUrl).serializer());
        RecordHeaders headers = new RecordHeaders();
        extra.forEach((name, text) -> headers.add(name, text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        byte[] bytes = serializer.serialize(topic.name(), headers, value);
        try {
            // metadata (max.block) and then delivery may each take the whole wait
            return producer.send(new ProducerRecord<>(topic.name(), null, key, bytes, headers))
                    .get(2 * ackWait.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotTaken("interrupted while sending to " + topic.name(), e);
        } catch (ExecutionException e) {
            throw new NotTaken("the broker did not take the record for " + topic.name() + ": " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new NotTaken("the broker did not acknowledge the record for " + topic.name() + " within "
                    + (2 * ackWait.toSeconds() + 5) + " s", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
