package dev.spotshift.operator.kafka;

import dev.spotshift.schemas.AckedPublisher;
import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.access.OperatorProof;
import dev.spotshift.schemas.access.ServiceKafkaSecurity;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Publishes the operator's events synchronously: the status says "submitted" only after the broker has the plan, so a
 * reconcile that fails in between submits again, under the same planIds, which the analyzer answers once.
 */
@ApplicationScoped
public class EventPublisher {

    private final AckedPublisher publisher;
    private final Optional<String> commandToken;

    /**
     * @param commandToken the operator's own bearer token of the issuer the executor trusts ({@code
     *                     SPOTSHIFT_OPERATOR_COMMAND_TOKEN}, a mounted Secret): its subject is named as the operator of
     *                     the aborts it sends, and the token goes with them as the proof (OperatorProof)
     */
    public EventPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                          @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url") String registryUrl,
                          @ConfigProperty(name = "spotshift.operator.command-token") Optional<String> commandToken) {
        this.commandToken = commandToken.map(String::strip).filter(t -> !t.isEmpty());
        Properties p = new Properties();
        p.putAll(ServiceKafkaSecurity.settings());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "plan-operator");
        this.publisher = new AckedPublisher(p, registryUrl, Duration.ofSeconds(15));
    }

    /** Returns once the broker has the event, or fails {@link AckedPublisher.NotTaken}. */
    public <V extends SpecificRecord> void send(Topic<V> topic, String key, V value) {
        publisher.send(topic, key, value, topic.name().equals(Topics.OPERATOR_COMMANDS.name())
                ? commandToken.map(t -> Map.of(OperatorProof.HEADER, t)).orElse(Map.of()) : Map.of());
    }

    /** Who the operator's commands name: its token's subject; empty without a token. */
    public Optional<String> commandIdentity() {
        return commandToken.flatMap(OperatorProof::subjectOf);
    }

    @PreDestroy
    void close() {
        publisher.close();
    }
}
