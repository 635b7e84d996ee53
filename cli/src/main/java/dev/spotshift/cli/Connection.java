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
    public static final String ENV_REGISTRY = dev.spotshift.schemas.Endpoints.REGISTRY_ENV_SHORT;
    /** Long enough for a loaded laptop, short enough that a down broker is reported, not waited on. */
    static final Duration REACH_TIMEOUT = Duration.ofSeconds(Long.getLong("spotshift.cli.timeout-seconds", 10));

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default: $" + ENV_BOOTSTRAP + ")")
    String bootstrapServers;

    @Option(names = "--registry-url", paramLabel = "URL",
            description = "Apicurio Registry v2 API URL (default: $MP_MESSAGING_CONNECTOR_SMALLRYE_KAFKA_APICURIO_REGISTRY_URL,"
                    + " as the services read it, else $" + ENV_REGISTRY + ")")
    String registryUrl;

    @Option(names = "--command-config", paramLabel = "FILE",
            description = "Client security settings (security.protocol, sasl.*, ssl.*), as Kafka's own tools take them;"
                    + " default: $KAFKA_SECURITY_PROTOCOL, $KAFKA_SASL_MECHANISM, $KAFKA_SASL_JAAS_CONFIG, $KAFKA_SSL_*."
                    + " The principal it logs in as is the identity the broker checks and records.")
    java.nio.file.Path commandConfig;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "The operator's bearer token (a JWT of the issuer the services trust, e.g. tokens/rest-<you>.jwt"
                    + " of `spotshift credentials mint`), sent with each operator command so the executor and the audit"
                    + " can check who sent it; default: $SPOTSHIFT_TOKEN, $SPOTSHIFT_TOKEN_FILE, else the identity"
                    + " provider's by the client-credentials grant ($SPOTSHIFT_TOKEN_ENDPOINT, $SPOTSHIFT_CLIENT_ID,"
                    + " $SPOTSHIFT_CLIENT_SECRET, $SPOTSHIFT_TOKEN_SCOPE).")
    java.nio.file.Path tokenFile;

    /** A token handed over by a program that embeds the CLI (the e2e suite); null: options, environment. */
    private String givenToken;

    /** Settings handed over by a program that embeds the CLI's Kafka path (the e2e suite); null: options, environment. */
    private java.util.Map<String, String> givenSecurity;

    public Connection() {}

    public Connection(String bootstrapServers, String registryUrl) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
    }

    /** As the options would give them, with the client security settings of the principal it logs in as. */
    public Connection(String bootstrapServers, String registryUrl, java.util.Map<String, String> security) {
        this(bootstrapServers, registryUrl);
        this.givenSecurity = java.util.Map.copyOf(security);
    }

    public String bootstrapServers() {
        String v = firstNonBlank(bootstrapServers, System.getenv(ENV_BOOTSTRAP));
        if (v == null) {
            throw CliException.error("no Kafka given: pass --bootstrap-servers HOST:PORT or set " + ENV_BOOTSTRAP);
        }
        return v;
    }

    public String registryUrl() {
        String v = firstNonBlank(registryUrl,
                dev.spotshift.schemas.Endpoints.registryUrl(System.getenv()).orElse(null));
        if (v == null) {
            throw CliException.error("no schema registry given: pass --registry-url URL or set " + ENV_REGISTRY
                    + " (e.g. http://localhost:8080/apis/registry/v2)");
        }
        return v;
    }

    /** How the CLI logs in: the --command-config file when given, else the environment. */
    public java.util.Map<String, String> security() {
        if (givenSecurity != null) {
            return givenSecurity;
        }
        if (commandConfig != null) {
            try {
                return dev.spotshift.schemas.access.KafkaClientSecurity.fromFile(commandConfig);
            } catch (IllegalArgumentException e) {
                throw CliException.error("--command-config: " + e.getMessage());
            }
        }
        return dev.spotshift.schemas.access.KafkaClientSecurity.fromEnvironment(System.getenv());
    }

    /**
     * Who this CLI is, as recorded with a plan, an operator command, an approval or a kill-switch change: the
     * principal it logs in to the broker as (the broker's ACLs let only operator principals write commands and the
     * switch). Against a broker without authentication it is the local user, marked unauthenticated.
     */
    public String identity() {
        return dev.spotshift.schemas.access.KafkaClientSecurity.principal(security())
                .orElse("unauthenticated:" + System.getProperty("user.name", "unknown"));
    }

    /** This connection, sending {@code token} with its operator commands. */
    public Connection withToken(String token) {
        this.givenToken = token;
        return this;
    }

    /**
     * The bearer token that proves who sends an operator command (OperatorProof): given, --token-file, $SPOTSHIFT_TOKEN,
     * $SPOTSHIFT_TOKEN_FILE, or the client-credentials grant; empty when none is set (the executor then refuses the
     * command wherever it checks tokens).
     */
    public java.util.Optional<String> operatorToken() {
        java.util.Map<String, String> env = System.getenv();
        String token = firstNonBlank(givenToken, env.get("SPOTSHIFT_TOKEN"));
        java.nio.file.Path file = tokenFile != null ? tokenFile
                : env.get("SPOTSHIFT_TOKEN_FILE") == null || env.get("SPOTSHIFT_TOKEN_FILE").isBlank() ? null
                : java.nio.file.Path.of(env.get("SPOTSHIFT_TOKEN_FILE").strip());
        if (givenToken == null && (tokenFile != null || (token == null && file != null))) {
            try {
                token = java.nio.file.Files.readString(file).strip();
            } catch (java.io.IOException e) {
                throw CliException.error("cannot read the token file " + file + ": " + e.getMessage());
            }
        }
        if (token == null && firstNonBlank(env.get("SPOTSHIFT_TOKEN_ENDPOINT")) != null) {
            token = new dev.spotshift.schemas.access.ClientCredentialsToken(
                    java.net.URI.create(env.get("SPOTSHIFT_TOKEN_ENDPOINT").strip()), env.get("SPOTSHIFT_CLIENT_ID"),
                    env.get("SPOTSHIFT_CLIENT_SECRET"), env.get("SPOTSHIFT_TOKEN_SCOPE"), java.time.Clock.systemUTC())
                    .token();
        }
        return java.util.Optional.ofNullable(token);
    }

    /** Client settings shared by producers and consumers: fail within seconds when Kafka is not there. */
    Properties clientProperties() {
        Properties p = new Properties();
        p.putAll(security());
        p.put("bootstrap.servers", bootstrapServers());
        p.put("client.id", "spotshift-cli");
        p.put("request.timeout.ms", (int) REACH_TIMEOUT.toMillis());
        p.put("default.api.timeout.ms", (int) REACH_TIMEOUT.toMillis());
        return p;
    }

    /** Fails with a one-line message naming the address when no broker answers. */
    void requireReachable() {
        Properties p = new Properties();
        p.putAll(security());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REACH_TIMEOUT.toMillis());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) REACH_TIMEOUT.toMillis());
        try (Admin admin = Admin.create(p)) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) REACH_TIMEOUT.toMillis()))
                    .clusterId().get(REACH_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.AuthenticationException refused) {
                // a login the broker does not know (a name not provisioned, a wrong password): say so, not "is it up?"
                throw new CliException(ExitCodes.ERROR, "the broker at " + bootstrapServers() + " refused the login of "
                        + identity() + ": " + refused.getMessage() + " (check the credentials in --command-config)", e);
            }
            throw new CliException(ExitCodes.ERROR, "cannot reach Kafka at " + bootstrapServers()
                    + " within " + REACH_TIMEOUT.toSeconds() + " s (is the broker up? check --bootstrap-servers or "
                    + ENV_BOOTSTRAP + ")", e);
        } catch (TimeoutException e) {
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
