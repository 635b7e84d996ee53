package dev.spotshift.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;

/**
 * Kafka and Apicurio Registry in containers, for machines with a Docker engine. Only
 * {@link LocalInfra} touches this class, and only after {@link #dockerAvailable(Duration)} said yes,
 * so Testcontainers may be left off the class path of a consumer that never has Docker.
 */
final class TestcontainersInfra implements AutoCloseable {

    /** Image of the broker; the same Kafka version as the jar broker. Override: env SPOTSHIFT_KAFKA_IMAGE. */
    static final String KAFKA_IMAGE = envOr("SPOTSHIFT_KAFKA_IMAGE", "apache/kafka:4.1.1");
    /** Image of the registry; the same registry as the local build. Override: env SPOTSHIFT_REGISTRY_IMAGE. */
    static final String REGISTRY_IMAGE = envOr("SPOTSHIFT_REGISTRY_IMAGE", "apicurio/apicurio-registry-sql:2.4.2.Final");

    private final KafkaContainer kafka;
    private final GenericContainer<?> registry;

    private TestcontainersInfra(KafkaContainer kafka, GenericContainer<?> registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    /** True when Testcontainers is on the class path and a Docker engine answers within {@code timeout}. */
    static boolean dockerAvailable(Duration timeout) {
        if (!dockerHintsPresent()) {
            return false; // nothing Testcontainers could reach: skip its (slow) probe
        }
        try {
            Class.forName("org.testcontainers.DockerClientFactory", false, TestcontainersInfra.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
        CompletableFuture<Boolean> probe = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                probe.complete(DockerClientFactory.instance().isDockerAvailable());
            } catch (Throwable e) {
                probe.complete(false);
            }
        }, "spotshift-docker-probe");
        t.setDaemon(true);
        t.start();
        try {
            return probe.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Whether anything tells where a Docker engine could be: DOCKER_HOST, a Testcontainers
     * properties file, or one of the usual socket files. Without any, Testcontainers would find none.
     */
    static boolean dockerHintsPresent() {
        String home = System.getProperty("user.home", "");
        String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
        if (System.getenv("DOCKER_HOST") != null || System.getProperty("docker.host") != null) {
            return true;
        }
        List<Path> candidates = new ArrayList<>(List.of(
                Path.of("/var/run/docker.sock"),
                Path.of(home, ".testcontainers.properties"),
                Path.of(home, ".docker", "run", "docker.sock"),
                Path.of(home, ".docker", "desktop", "docker.sock"),
                Path.of(home, ".colima", "docker.sock"),
                Path.of(home, ".rd", "docker.sock")));
        if (runtimeDir != null) {
            candidates.add(Path.of(runtimeDir, "docker.sock"));
            candidates.add(Path.of(runtimeDir, "podman", "podman.sock"));
        }
        for (Path p : candidates) {
            if (Files.exists(p)) {
                return true;
            }
        }
        return false;
    }

    static TestcontainersInfra start() {
        KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE)
                .asCompatibleSubstituteFor("apache/kafka"));
        GenericContainer<?> registry = new GenericContainer<>(DockerImageName.parse(REGISTRY_IMAGE))
                .withExposedPorts(8080)
                .waitingFor(Wait.forHttp("/health/ready").forStatusCode(200)
                        .withStartupTimeout(Duration.ofSeconds(120)));
        try {
            Startables.deepStart(kafka, registry).join();
            TestcontainersInfra infra = new TestcontainersInfra(kafka, registry);
            RegistryRules.ensureGlobalBackwardCompatibility(infra.registryUrl());
            return infra;
        } catch (RuntimeException e) {
            kafka.stop();
            registry.stop();
            throw new InfraStartException("Starting Kafka (" + KAFKA_IMAGE + ") and Apicurio Registry ("
                    + REGISTRY_IMAGE + ") with Testcontainers failed: " + e, e);
        }
    }

    String bootstrapServers() {
        return kafka.getBootstrapServers().replaceFirst("^PLAINTEXT://", "");
    }

    String registryUrl() {
        return "http://" + registry.getHost() + ":" + registry.getMappedPort(8080) + "/apis/registry/v2";
    }

    @Override
    public void close() {
        registry.stop();
        kafka.stop();
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
