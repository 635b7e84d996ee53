package dev.spotshift.operator.kafka;

import dev.spotshift.schemas.AckedPublisher;
import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.access.ServiceKafkaSecurity;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
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

    public EventPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                          @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url") String registryUrl) {
        Properties p = new Properties();
        p.putAll(ServiceKafkaSecurity.settings());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "plan-operator");
        this.publisher = new AckedPublisher(p, registryUrl, Duration.ofSeconds(15));
    }

    /** Returns once the broker has the event, or fails {@link AckedPublisher.NotTaken}. */
    public <V extends SpecificRecord> void send(Topic<V> topic, String key, V value) {
        publisher.send(topic, key, value);
    }

    @PreDestroy
    void close() {
        publisher.close();
    }
}
