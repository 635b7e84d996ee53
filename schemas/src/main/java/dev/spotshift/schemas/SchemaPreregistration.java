package dev.spotshift.schemas;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Registers (or looks up) the value schemas of the topics a service writes before it takes traffic. Left to the
 * first record, the dead-letter schema was registered by several services at once at the first poison record;
 * the registry answered one with a lock timeout and that service's stream stopped. Done here, with retries until
 * every schema is in, it is one quiet call per service at start-up, and readiness stays DOWN until it is.
 */
public final class SchemaPreregistration {

    private final List<Topic<?>> topics;
    private final Consumer<Topic<?>> register;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private final Map<String, String> problems = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();

    /** @param register registers one topic's value schema, throwing when it could not */
    public SchemaPreregistration(List<Topic<?>> topics, Consumer<Topic<?>> register) {
        this.topics = List.copyOf(topics);
        this.register = register;
    }

    /**
     * Through the catalog's own serde, so the schema and the artifact are exactly those the serde will ask for; then
     * the topic's declared compatibility rule goes on the artifact, so no later version can break it.
     */
    public static SchemaPreregistration viaSerde(List<Topic<?>> topics, String registryUrl) {
        if (!EventSerdes.autoRegister()) {
            // the service may not write schemas (prod): it waits until the publishing step has put each in
            return new SchemaPreregistration(topics, topic -> serialize(topic, registryUrl, false));
        }
        return new SchemaPreregistration(topics, topic -> {
            serialize(topic, registryUrl, true);
            SchemaRules.apply(registryUrl, topic);
        });
    }

    /**
     * The schema-publishing step: registers the value schema of every topic given, with its compatibility rule,
     * whatever {@link EventSerdes#AUTO_REGISTER} says; the only writer to the registry where the services only look up.
     */
    public static SchemaPreregistration publish(List<Topic<?>> topics, String registryUrl) {
        return publish(topics, registryUrl, RegistryCredentials.fromEnvironment());
    }

    /**
     * As {@link #publish(List, String)}, as the principal {@code credentials} name: where the registry takes writes only
     * from the publisher, its credentials (the job's environment, {@link RegistryCredentials#fromEnvironment()}).
     */
    public static SchemaPreregistration publish(List<Topic<?>> topics, String registryUrl, RegistryCredentials credentials) {
        return new SchemaPreregistration(topics, topic -> {
            serialize(topic, registryUrl, true, credentials);
            SchemaRules.apply(registryUrl, topic, credentials);
        });
    }

    private static <V extends org.apache.avro.specific.SpecificRecord> void serialize(Topic<V> topic, String registryUrl,
                                                                                    boolean register) {
        serialize(topic, registryUrl, register, RegistryCredentials.fromEnvironment());
    }

    private static <V extends org.apache.avro.specific.SpecificRecord> void serialize(Topic<V> topic, String registryUrl,
                                                                                    boolean register,
                                                                                    RegistryCredentials credentials) {
        try (org.apache.kafka.common.serialization.Serde<V> serde =
                     EventSerdes.avroSerde(registryUrl, false, register, credentials)) {
            serde.serializer().serialize(topic.name(), new RecordHeaders(), Exemplars.of(topic.valueType()));
        }
    }

    /** Names of the catalog topics in {@code names}; an unknown name is a configuration error. */
    public static List<Topic<?>> topics(List<String> names) {
        return names.stream().map(String::strip).filter(n -> !n.isEmpty()).distinct()
                .<Topic<?>>map(n -> Topics.byName(n).orElseThrow(
                        () -> new IllegalArgumentException("no topic " + n + " in the catalog")))
                .toList();
    }

    /** Tries every schema not yet registered; returns whether all are. One attempt at a time. */
    public boolean attempt() {
        if (!running.compareAndSet(false, true)) {
            return complete();
        }
        try {
            for (Topic<?> topic : topics) {
                if (registered.contains(topic.name())) {
                    continue;
                }
                try {
                    register.accept(topic);
                    registered.add(topic.name());
                    problems.remove(topic.name());
                } catch (RuntimeException e) {
                    problems.put(topic.name(), DeadLetters.describe(e));
                }
            }
            return complete();
        } finally {
            running.set(false);
        }
    }

    public boolean complete() {
        return registered.size() == topics.size();
    }

    /** "3/4 registered; dead-letters: ConnectException ..." for the readiness answer. */
    public String detail() {
        StringBuilder sb = new StringBuilder().append(registered.size()).append('/').append(topics.size()).append(" registered");
        problems.forEach((topic, problem) -> sb.append("; ").append(topic).append(": ").append(problem));
        return sb.toString();
    }
}
