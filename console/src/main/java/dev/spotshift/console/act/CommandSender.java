package dev.spotshift.console.act;

import dev.spotshift.events.KillSwitch;
import dev.spotshift.events.OperatorCommand;
import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.access.ServiceKafkaSecurity;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Writes an operator's command to operator-commands, keyed by its plan like the CLI's, or a kill-switch flip to
 * kill-switch, and waits for the broker's acknowledgement so the console answers 202 only for what is on the log. The producer is made on the first
 * action: a console nobody acts through never opens a write connection.
 */
@ApplicationScoped
public class CommandSender {

    private static final Duration ACK_WAIT = Duration.ofSeconds(15);

    private final String bootstrapServers;
    private final String registryUrl;
    private final Map<String, Serializer<Object>> serializers = new ConcurrentHashMap<>();
    private KafkaProducer<String, byte[]> producer;

    public CommandSender(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                         @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url") String registryUrl) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
    }

    /** Sends and waits for the acknowledgement; a broker that does not answer in time is an {@link IllegalStateException}. */
    public void send(OperatorCommand command) {
        send(Topics.OPERATOR_COMMANDS, command.getEnvelope().getPlanId(), command);
    }

    /** The kill switch, under its one key (its compacted topic keeps the latest flip). */
    public void send(KillSwitch flip) {
        send(Topics.KILL_SWITCH, Topics.KILL_SWITCH_KEY, flip);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private <V extends SpecificRecord> void send(Topic<V> topic, String key, V value) {
        Serializer<Object> serializer = serializers.computeIfAbsent(topic.name(),
                n -> (Serializer) topic.valueSerde(registryUrl).serializer());
        RecordHeaders headers = new RecordHeaders();
        byte[] bytes = serializer.serialize(topic.name(), headers, value);
        try {
            producer().send(new ProducerRecord<>(topic.name(), null, key, bytes, headers))
                    .get(ACK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to " + topic.name(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the broker did not take the record for " + topic.name() + ": " + e.getMessage(), e);
        }
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Properties p = new Properties();
            p.putAll(ServiceKafkaSecurity.settings());
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(ProducerConfig.CLIENT_ID_CONFIG, "console-actions");
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ACK_WAIT.toMillis());
            producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    synchronized void close(@Observes ShutdownEvent event) {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
