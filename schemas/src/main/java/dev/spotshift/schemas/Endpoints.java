package dev.spotshift.schemas;

import java.util.Map;
import java.util.Optional;

/**
 * Where Kafka and the schema registry are: one name for each, the same in the services, the CLI, the audit, the
 * simulator, the benchmarks, compose, k8s and the chart. The services read them as Quarkus properties (the first two);
 * every other process from the environment under the same names as Quarkus maps them.
 */
public final class Endpoints {

    /** The standard Kafka client key (the {@code kafka.} prefix is what Quarkus hands every Kafka client). */
    public static final String BOOTSTRAP_PROPERTY = "kafka.bootstrap.servers";
    /** The Apicurio serde's key as Quarkus and its Dev Services name it. */
    public static final String REGISTRY_PROPERTY = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url";
    public static final String BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP_SERVERS";
    public static final String REGISTRY_ENV = "MP_MESSAGING_CONNECTOR_SMALLRYE_KAFKA_APICURIO_REGISTRY_URL";
    /** Shorter, and what the CLI and the demo always printed: still read, after {@link #REGISTRY_ENV}. */
    public static final String REGISTRY_ENV_SHORT = "APICURIO_REGISTRY_URL";

    private Endpoints() {}

    public static Optional<String> bootstrapServers(Map<String, String> env) {
        return nonBlank(env.get(BOOTSTRAP_ENV));
    }

    public static Optional<String> registryUrl(Map<String, String> env) {
        return nonBlank(env.get(REGISTRY_ENV)).or(() -> nonBlank(env.get(REGISTRY_ENV_SHORT)));
    }

    private static Optional<String> nonBlank(String v) {
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }
}
