package dev.spotshift.cli;

import dev.spotshift.schemas.Topic;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.SerializationException;

/** Sends the CLI's events, one at a time and synchronously: a person wants to know it arrived. */
public final class EventPublisher implements AutoCloseable {

    private final Connection connection;
    private final KafkaProducer<String, byte[]> producer;
    /** Each topic's own serializer: the topic decides where the schema id travels (headers or payload). */
    private final java.util.Map<String, org.apache.kafka.common.serialization.Serializer<Object>> serializers =
            new java.util.HashMap<>();

    @SuppressWarnings({"unchecked", "rawtypes"})
    public EventPublisher(Connection connection) {
        this.connection = connection;
        Properties p = connection.clientProperties();
        p.put("acks", "all");
        p.put("enable.idempotence", true);
        p.put("max.block.ms", (int) Connection.REACH_TIMEOUT.toMillis());
        p.put("delivery.timeout.ms", (int) Connection.REACH_TIMEOUT.toMillis() + 5000);
        p.put("linger.ms", 0);
        this.producer = new KafkaProducer<>(p, new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public <V extends SpecificRecord> RecordMetadata send(Topic<V> topic, String key, V value) {
        try {
            var serializer = serializers.computeIfAbsent(topic.name(),
                    n -> (org.apache.kafka.common.serialization.Serializer) topic.valueSerde(connection.registryUrl())
                            .serializer());
            var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
            byte[] bytes = serializer.serialize(topic.name(), headers, value);
            return producer.send(new ProducerRecord<>(topic.name(), null, key, bytes, headers))
                    .get(Connection.REACH_TIMEOUT.toMillis() + 10_000, TimeUnit.MILLISECONDS);
        } catch (SerializationException e) {
            throw new CliException(ExitCodes.ERROR, "cannot register the event's schema with the registry at "
                    + connection.registryUrl() + " (is it up? check --registry-url or " + Connection.ENV_REGISTRY + ")", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new CliException(ExitCodes.ERROR, "Kafka at " + connection.bootstrapServers()
                    + " did not take the event for " + topic.name() + ": " + SpotshiftCli.oneLine(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.error("interrupted while sending to " + topic.name());
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
