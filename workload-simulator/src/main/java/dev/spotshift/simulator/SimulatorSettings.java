package dev.spotshift.simulator;

import dev.spotshift.simulator.domain.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What the simulator process runs with, from its command line over its environment. The environment names are the
 * ones the four services read (compose and the k8s ConfigMap set them once for every process), so a deployment
 * needs no name of the simulator's own for Kafka or the registry.
 */
public record SimulatorSettings(String bootstrapServers, String registryUrl, Scenario scenario, long seed,
                                Duration interval, Path heartbeatFile) {

    /** Read by every service as {@code kafka.bootstrap.servers}. */
    public static final String BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP_SERVERS";
    /** Read by every service as {@code mp.messaging.connector.smallrye-kafka.apicurio.registry.url}. */
    public static final String REGISTRY_ENV = "MP_MESSAGING_CONNECTOR_SMALLRYE_KAFKA_APICURIO_REGISTRY_URL";
    /** The name this simulator read before, still accepted when the services' name is not set (runs by hand). */
    public static final String LEGACY_REGISTRY_ENV = "APICURIO_REGISTRY_URL";
    /** The scenario ({@link Scenario#names()}); {@code happy} when unset. */
    public static final String SCENARIO_ENV = "SIMULATOR_SCENARIO";
    /** The simulated world's seed, the one the services' simulated clouds use. */
    public static final String SEED_ENV = "SPOTSHIFT_CLOUD_SEED";
    /**
     * A file touched while the simulator's loop runs (at most every {@link Heartbeat#EVERY}): the container's liveness
     * signal, since the simulator serves no port. Unset: no file.
     */
    public static final String HEARTBEAT_ENV = "SIMULATOR_HEARTBEAT_FILE";
    /**
     * How the simulator logs in to the broker: the standard client security settings under the names every service
     * reads (any {@code KAFKA_SSL_*} too; {@link dev.spotshift.schemas.access.KafkaClientSecurity#fromEnvironment}).
     */
    public static final java.util.List<String> SECURITY_ENV =
            java.util.List.of("KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM", "KAFKA_SASL_JAAS_CONFIG");

    static final String USAGE = "usage: SimulatorMain [--scenario " + Scenario.names() + "] [--seed N]"
            + " [--interval-ms MS] [--bootstrap-servers HOST:PORT] [--registry-url URL] [--heartbeat-file PATH]";

    /** @throws IllegalArgumentException with the problem, for the usage message */
    public static SimulatorSettings from(Map<String, String> env, String... args) {
        String bootstrap = env.get(BOOTSTRAP_ENV);
        String registry = env.getOrDefault(REGISTRY_ENV, env.get(LEGACY_REGISTRY_ENV));
        String scenarioName = env.getOrDefault(SCENARIO_ENV, "happy");
        String seed = env.getOrDefault(SEED_ENV, "42");
        String intervalMs = "1000";
        String heartbeat = env.get(HEARTBEAT_ENV);
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--scenario" -> scenarioName = value;
                case "--seed" -> seed = value;
                case "--interval-ms" -> intervalMs = value;
                case "--bootstrap-servers" -> bootstrap = value;
                case "--registry-url" -> registry = value;
                case "--heartbeat-file" -> heartbeat = value;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (blank(bootstrap) || blank(registry)) {
            throw new IllegalArgumentException("Kafka and the registry are needed: --bootstrap-servers and --registry-url"
                    + " (or " + BOOTSTRAP_ENV + " and " + REGISTRY_ENV + ")");
        }
        String name = scenarioName;
        Scenario scenario = Scenario.named(name).orElseThrow(() ->
                new IllegalArgumentException("unknown scenario '" + name + "'; one of " + Scenario.names()));
        return new SimulatorSettings(bootstrap, registry, scenario, number("seed", seed),
                Duration.ofMillis(number("interval", intervalMs)), blank(heartbeat) ? null : Path.of(heartbeat));
    }

    private static long number(String what, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " is not a number: '" + value + "'");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
