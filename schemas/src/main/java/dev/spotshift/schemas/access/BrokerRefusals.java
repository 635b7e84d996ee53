package dev.spotshift.schemas.access;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.jboss.logging.Logger;

/**
 * The broker refused one of this process's clients (its ACLs do not grant the principal what the client asked):
 * counted in {@value #METER} with the principal, the topic (or {@code group:<id>}, {@code transactional-id:<id>},
 * {@code cluster}) and the client kind, and logged once per principal and topic, not once per retry. The broker
 * refuses before it reads a byte of the record, so nothing a refused client carried is on the log for a state
 * machine to read.
 */
public final class BrokerRefusals {

    /** {@code spotshift_broker_refusals_total{principal, topic, client}}. */
    public static final String METER = "spotshift.broker.refusals";
    /** Past this many distinct refusals the log line is no longer kept per key (the counter still counts). */
    private static final int MAX_REMEMBERED = 1_000;

    private static final Logger LOG = Logger.getLogger(BrokerRefusals.class);
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();
    private static volatile MeterRegistry registry = Metrics.globalRegistry;

    /** One refused resource; {@code logged}: this refusal wrote the one log line of its principal and topic. */
    public record Refusal(String principal, String topic, String client, boolean logged) {}

    private BrokerRefusals() {}

    /** Where the counter goes (Micrometer's global registry, which Quarkus feeds into /q/metrics, unless told). */
    public static void countIn(MeterRegistry meters) {
        registry = meters;
    }

    /** The authorization refusal inside {@code failure} (its causes too), if it is one. */
    public static Optional<AuthorizationException> refusalIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AuthorizationException a) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /**
     * Counts and (the first time per principal and topic) logs {@code failure} when it is a refusal; returns what was
     * refused, empty when it is some other failure.
     *
     * @param principal  who the client logged in as ({@code User:executor})
     * @param topicHint  the topic the client was writing or reading, when the exception does not name it
     * @param client     {@code producer}, {@code consumer}, {@code streams}, ...
     */
    public static List<Refusal> record(String principal, Throwable failure, String topicHint, String client) {
        Optional<AuthorizationException> refusal = refusalIn(failure);
        if (refusal.isEmpty()) {
            return List.of();
        }
        List<Refusal> refused = new ArrayList<>();
        for (String topic : resources(refusal.get(), topicHint)) {
            registry.counter(METER, "principal", principal, "topic", topic, "client", client).increment();
            String key = principal + " " + topic + " " + client;
            boolean first = LOGGED.size() < MAX_REMEMBERED ? LOGGED.add(key) : !LOGGED.contains(key);
            refused.add(new Refusal(principal, topic, client, first));
            if (first) {
                LOG.errorf("the broker refused %s's %s on %s: %s (the catalog's ACLs do not grant it; logged once, counted"
                        + " in %s)", principal, client, topic, refusal.get().getMessage(), METER);
            }
        }
        return refused;
    }

    private static List<String> resources(AuthorizationException e, String topicHint) {
        if (e instanceof TopicAuthorizationException t && !t.unauthorizedTopics().isEmpty()) {
            return List.copyOf(new java.util.TreeSet<>(t.unauthorizedTopics()));
        }
        if (e instanceof GroupAuthorizationException g) {
            return List.of("group:" + (g.groupId() == null ? "unknown" : g.groupId()));
        }
        if (topicHint != null) {
            // a producer refused its producer id or transactional id was writing this topic
            return List.of(topicHint);
        }
        if (e instanceof TransactionalIdAuthorizationException) {
            return List.of("transactional-id");
        }
        return List.of(e instanceof ClusterAuthorizationException ? "cluster" : "unknown");
    }

    /** The principal a client with these settings logs in as; {@code unauthenticated} without a SASL login. */
    public static String principalOf(Map<String, ?> clientConfig) {
        Map<String, String> security = new java.util.TreeMap<>();
        clientConfig.forEach((k, v) -> {
            if (v != null && KafkaClientSecurity.isSecurityKey(k)) {
                security.put(k, v instanceof org.apache.kafka.common.config.types.Password p ? p.value() : v.toString());
            }
        });
        return KafkaClientSecurity.principal(security).orElse("unauthenticated");
    }
}
