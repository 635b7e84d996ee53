package dev.spotshift.console.act;

import dev.spotshift.events.KillSwitch;
import dev.spotshift.events.OperatorCommand;
import dev.spotshift.schemas.AckedPublisher;
import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.access.ServiceKafkaSecurity;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.avro.specific.SpecificRecord;
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
    private AckedPublisher publisher;

    public CommandSender(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                         @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url") String registryUrl) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
    }

    /** Sends and waits for the acknowledgement; a broker that does not answer in time is {@link AckedPublisher.NotTaken}. */
    public void send(OperatorCommand command) {
        send(Topics.OPERATOR_COMMANDS, command.getEnvelope().getPlanId(), command);
    }

    /** The kill switch, under its one key (its compacted topic keeps the latest flip). */
    public void send(KillSwitch flip) {
        send(Topics.KILL_SWITCH, Topics.KILL_SWITCH_KEY, flip);
    }

    private <V extends SpecificRecord> void send(Topic<V> topic, String key, V value) {
        publisher().send(topic, key, value);
    }

    private synchronized AckedPublisher publisher() {
        if (publisher == null) {
            Properties p = new Properties();
            p.putAll(ServiceKafkaSecurity.settings());
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            p.put(ProducerConfig.CLIENT_ID_CONFIG, "console-actions");
            publisher = new AckedPublisher(p, registryUrl, ACK_WAIT);
        }
        return publisher;
    }

    synchronized void close(@Observes ShutdownEvent event) {
        if (publisher != null) {
            publisher.close();
            publisher = null;
        }
    }
}
