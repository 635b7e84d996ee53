package dev.spotshift.console.act;

import dev.spotshift.events.KillSwitch;
import dev.spotshift.events.OperatorCommand;
import dev.spotshift.schemas.AckedPublisher;
import dev.spotshift.schemas.Envelopes;
import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.access.OperatorProof;
import dev.spotshift.schemas.access.ServiceKafkaSecurity;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
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

    private static final Logger LOG = Logger.getLogger(CommandSender.class);

    private final String bootstrapServers;
    private final String registryUrl;
    private final MeterRegistry meters;
    private AckedPublisher publisher;

    public CommandSender(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                         @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url") String registryUrl,
                         MeterRegistry meters) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
        this.meters = meters;
    }

    /** Writes an operator's command under its plan and answers as every console action does ({@link #answer}). */
    Response deliver(OperatorCommand command, String token, String instance, Map<String, Object> answer) {
        String plan = command.getEnvelope().getPlanId();
        // the caller's bearer token goes with the command, so the executor and the audit can check who sent it
        return answer(Topics.OPERATOR_COMMANDS, plan, command, token == null ? Map.of() : Map.of(OperatorProof.HEADER, token),
                command.getAction() + " for " + plan, command.getAction().name(), command.getOperator(),
                command.getReason(), instance, answer);
    }

    /** Writes a kill-switch flip under its one key (its compacted topic keeps the latest flip), answered likewise. */
    Response deliver(KillSwitch flip, String instance, Map<String, Object> answer) {
        return answer(Topics.KILL_SWITCH, Topics.KILL_SWITCH_KEY, flip, Map.of(),
                "kill switch " + (flip.getEngaged() ? "ENGAGED" : "released"),
                flip.getEngaged() ? "KILL_SWITCH_ON" : "KILL_SWITCH_OFF", flip.getOperator(), flip.getReason(), instance,
                answer);
    }

    /**
     * Sends, waits for the broker's acknowledgement and answers: 202 with {@code answer} plus the operator and the
     * event's id, counted per action; or a 503 problem saying the broker did not take it (nothing was sent then).
     */
    private <V extends SpecificRecord> Response answer(Topic<V> topic, String key, V event, Map<String, String> headers,
                                                       String what, String counted,
                                                       String operator, String reason, String instance,
                                                       Map<String, Object> answer) {
        String eventId = Envelopes.of(event).orElseThrow().getEventId();
        try {
            publisher().send(topic, key, event, headers);
        } catch (IllegalStateException e) {
            LOG.warnf("%s by %s not sent: %s", what, operator, e.getMessage());
            return Problems.of("unavailable", "The command could not be written", 503, what + ": " + e.getMessage(),
                    instance);
        }
        meters.counter("spotshift_console_actions_total", "action", counted).increment();
        LOG.infof("%s sent by %s (event %s): %s", what, operator, eventId, reason);
        Map<String, Object> sent = new LinkedHashMap<>(answer);
        sent.put("operator", operator);
        sent.put("eventId", eventId);
        return Response.accepted(sent).build();
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
