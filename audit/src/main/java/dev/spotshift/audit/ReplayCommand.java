package dev.spotshift.audit;

import dev.spotshift.schemas.access.KafkaClientSecurity;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spotshift replay}: a picocli command the CLI mounts as a subcommand, or run alone through
 * {@link ReplayMain}. All the work is in {@link AuditRun}; this class only reads the command line.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Rebuilds a migration from the log, verifies every effect has its cause, and prints its timeline.",
                "Times are ISO-8601 instants (2025-03-01T02:00:00Z) or durations back from now (PT24H)."},
        footer = {"", "Exit codes: 0 verified, 1 error, 2 usage, 9 findings (or no events for the plan)."})
public final class ReplayCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "PLAN", description = "The planId to replay.")
    String planId;

    @Option(names = "--all", description = "Every plan with events since --since, with a summary.")
    boolean all;

    @Option(names = "--since", paramLabel = "TIME", description = "With --all: from this time.")
    String since;

    @Option(names = "--from", paramLabel = "TIME", description = "Only events at or after this time.")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Only events at or before this time.")
    String to;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json|csv",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--html", paramLabel = "DIR", description = "Also write one self-contained HTML report per plan here.")
    Path htmlDir;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default: $KAFKA_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(names = "--registry-url", paramLabel = "URL",
            description = "Apicurio Registry v2 API URL (default: $MP_MESSAGING_CONNECTOR_SMALLRYE_KAFKA_APICURIO_REGISTRY_URL,"
                    + " as the services read it, else $APICURIO_REGISTRY_URL).")
    String registryUrl;

    @Option(names = "--command-config", paramLabel = "FILE",
            description = "Client security settings (security.protocol, sasl.*, ssl.*), as Kafka's own tools take them;"
                    + " default: $KAFKA_SECURITY_PROTOCOL, $KAFKA_SASL_MECHANISM, $KAFKA_SASL_JAAS_CONFIG, $KAFKA_SSL_*.")
    Path commandConfig;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (all == (planId != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give either a PLAN or --all");
        }
        Instant now = Instant.now();
        AuditRun.Request request = new AuditRun.Request(planId, all, time(all ? since : from, now), time(to, now),
                format(), htmlDir);
        String bootstrap = orEnv(bootstrapServers, "KAFKA_BOOTSTRAP_SERVERS", "--bootstrap-servers");
        String registry = registryUrl != null && !registryUrl.isBlank() ? registryUrl.trim()
                : orEnv(dev.spotshift.schemas.Endpoints.registryUrl(System.getenv()).orElse(null),
                        dev.spotshift.schemas.Endpoints.REGISTRY_ENV_SHORT, "--registry-url");
        java.util.Map<String, String> security;
        try {
            security = commandConfig != null ? KafkaClientSecurity.fromFile(commandConfig)
                    : KafkaClientSecurity.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--command-config: " + e.getMessage());
        }
        try (Replay replay = Replay.connect(bootstrap, registry, Duration.ofSeconds(15), security)
                .checkingOperatorsWith(Replay.proofFromEnvironment().orElse(null))) {
            return AuditRun.run(replay, request, out, err);
        } catch (AuditException | org.apache.kafka.common.KafkaException e) {
            err.println("spotshift replay: " + e.getMessage());
            err.flush();
            return AuditRun.ERROR;
        }
    }

    private Export.Format format() {
        try {
            return Export.Format.valueOf(format.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format must be text, json or csv");
        }
    }

    private Instant time(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return value.startsWith("P") || value.startsWith("p") ? now.minus(Duration.parse(value))
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "'" + value + "' is neither an ISO-8601 instant nor a duration like PT24H");
        }
    }

    private String orEnv(String value, String env, String option) {
        String v = value != null && !value.isBlank() ? value : System.getenv(env);
        if (v == null || v.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "pass " + option + " or set " + env);
        }
        return v.trim();
    }
}
