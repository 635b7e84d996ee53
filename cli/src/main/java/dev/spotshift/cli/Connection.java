package dev.spotshift.cli;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import picocli.CommandLine.Option;

/** Where Kafka and the registry are: options first, then the environment the services use too. */
public final class Connection {

    public static final String ENV_BOOTSTRAP = "KAFKA_BOOTSTRAP_SERVERS";
    public static final String ENV_REGISTRY = "APICURIO_REGISTRY_URL";
    /** Long enough for a loaded laptop, short enough that a down broker is reported, not waited on. */
    static final Duration REACH_TIMEOUT = Duration.ofSeconds(Long.getLong("spotshift.cli.timeout-seconds", 10));

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default: $" + ENV_BOOTSTRAP + ")")
    String bootstrapServers;

    @Option(names = "--registry-url", paramLabel = "URL",
            description = "Apicurio Registry v2 API URL (default: $" + ENV_REGISTRY + ")")
    String registryUrl;

    public Connection() {}

    public Connection(String bootstrapServers, String registryUrl) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
    }

    public String bootstrapServers() {
        String v = firstNonBlank(bootstrapServers, System.getenv(ENV_BOOTSTRAP));
        if (v == null) {
            throw CliException.error("no Kafka given: pass --bootstrap-servers HOST:PORT or set " + ENV_BOOTSTRAP);
        }
        return v;
    }

    public String registryUrl() {
        String v = firstNonBlank(registryUrl, System.getenv(ENV_REGISTRY));
        if (v == null) {
            throw CliException.error("no schema registry given: pass --registry-url URL or set " + ENV_REGISTRY
                    + " (e.g. http://localhost:8080/apis/registry/v2)");
        }
        return v;
    }

    /** Client settings shared by producers and consumers: fail within seconds when Kafka is not there. */
    Properties clientProperties() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers());
        p.put("client.id", "spotshift-cli");
        p.put("request.timeout.ms", (int) REACH_TIMEOUT.toMillis());
        p.put("default.api.timeout.ms", (int) REACH_TIMEOUT.toMillis());
        return p;
    }

    /** Fails with a one-line message naming the address when no broker answers. */
    void requireReachable() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REACH_TIMEOUT.toMillis());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) REACH_TIMEOUT.toMillis());
        try (Admin admin = Admin.create(p)) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) REACH_TIMEOUT.toMillis()))
                    .clusterId().get(REACH_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new CliException(ExitCodes.ERROR, "cannot reach Kafka at " + bootstrapServers()
                    + " within " + REACH_TIMEOUT.toSeconds() + " s (is the broker up? check --bootstrap-servers or "
                    + ENV_BOOTSTRAP + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.error("interrupted while reaching Kafka");
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new CliException(ExitCodes.ERROR, "bad Kafka address '" + bootstrapServers() + "': " + e.getMessage(), e);
        }
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }
}
