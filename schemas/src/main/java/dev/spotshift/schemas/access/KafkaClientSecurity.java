package dev.spotshift.schemas.access;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The standard Kafka client security settings ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}) for the
 * clients a process builds by hand, from the same places the Quarkus clients take them: the environment as
 * Kafka's images name it ({@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_JAAS_CONFIG}, {@code KAFKA_SSL_TRUSTSTORE_LOCATION}:
 * {@code _} for {@code .}), a client properties file ({@code --command-config}, as Kafka's own tools take it), or a
 * service's configuration under {@code kafka.}. Only security keys are taken: a file cannot move a client's
 * bootstrap servers or group this way. MSK IAM works by the same keys ({@code sasl.mechanism=AWS_MSK_IAM},
 * {@code sasl.client.callback.handler.class}) with its library on the class path.
 */
public final class KafkaClientSecurity {

    private static final String ENV_PREFIX = "KAFKA_";

    private KafkaClientSecurity() {}

    /** Whether a client setting is a security one. */
    public static boolean isSecurityKey(String key) {
        return key.equals("security.protocol") || key.startsWith("sasl.") || key.startsWith("ssl.");
    }

    /** From environment variables: {@code KAFKA_SASL_JAAS_CONFIG} is {@code sasl.jaas.config}. */
    public static Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> out = new TreeMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && value != null && !value.isBlank()) {
                String key = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                if (isSecurityKey(key)) {
                    out.put(key, value);
                }
            }
        });
        return out;
    }

    /** From a client properties file; anything but security settings in it is an error, named with the file. */
    public static Map<String, String> fromFile(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read client config " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> out = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (!isSecurityKey(key)) {
                throw new IllegalArgumentException(file + ": " + key + " is not a client security setting"
                        + " (only security.protocol, sasl.* and ssl.* are taken from a client config)");
            }
            out.put(key, p.getProperty(key));
        }
        return out;
    }

    /**
     * From a configuration whose Kafka settings carry a prefix ({@code kafka.} in the Quarkus services):
     * {@code names} are its property names, {@code lookup} reads one.
     */
    public static Map<String, String> fromPrefixed(Iterable<String> names, Function<String, Optional<String>> lookup,
                                                   String prefix) {
        Map<String, String> out = new TreeMap<>();
        for (String name : names) {
            if (name.startsWith(prefix) && isSecurityKey(name.substring(prefix.length()))) {
                lookup.apply(name).filter(v -> !v.isBlank())
                        .ifPresent(v -> out.put(name.substring(prefix.length()), v));
            }
        }
        return out;
    }

    private static final java.util.regex.Pattern JAAS_USER =
            java.util.regex.Pattern.compile("\\busername\\s*=\\s*\"([^\"]+)\"");

    /**
     * The principal these settings log in as ({@code User:<name>} from the SASL login), which is the identity the
     * broker authorizes; empty without a SASL login (plaintext, or a TLS certificate the broker names itself).
     */
    public static Optional<String> principal(Map<String, String> security) {
        String protocol = security.getOrDefault("security.protocol", "PLAINTEXT");
        if (!protocol.startsWith("SASL_")) {
            return Optional.empty();
        }
        java.util.regex.Matcher m = JAAS_USER.matcher(security.getOrDefault("sasl.jaas.config", ""));
        return m.find() ? Optional.of("User:" + m.group(1)) : Optional.empty();
    }

    /** Adds the settings to a client's properties and returns them. */
    public static Properties apply(Map<String, String> security, Properties client) {
        client.putAll(security);
        return client;
    }
}
