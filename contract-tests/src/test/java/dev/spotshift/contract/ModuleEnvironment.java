package dev.spotshift.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment variables a runnable module reads, worked out from its sources the way its runtime would.
 * A Quarkus module (MicroProfile Config) reads variable {@code E} for property {@code p} when {@code E} is
 * {@code p} upper-cased with every other character made {@code _}: so for each property its
 * {@code application.properties} sets or expands ({@code ${name:default}}), each {@code @ConfigMapping} prefix,
 * each {@code @ConfigProperty} name, the {@code spotshift.cloud.*} names of the cloud port when it builds one,
 * the config of its Quarkus extensions, and the AWS SDK's own variables when it talks to AWS (a {@code spotshift.cloud.*}
 * name with a dash only from a file: see the constructor). A plain Java module
 * reads what its main sources name in a string literal (the workload simulator's {@code SimulatorSettings}).
 */
final class ModuleEnvironment {

    /** Quarkus's own configuration roots, each read only when the extension is on the module's class path. */
    private static final Map<String, String> EXTENSION_ROOTS = Map.of(
            "QUARKUS_OTEL_", "quarkus-opentelemetry",
            "QUARKUS_KAFKA_STREAMS_", "quarkus-kafka-streams",
            "QUARKUS_LOG_CONSOLE_JSON", "quarkus-logging-json",
            "QUARKUS_MICROMETER_", "quarkus-micrometer",
            "QUARKUS_SMALLRYE_HEALTH_", "quarkus-smallrye-health");
    /** Read by the AWS SDK's default region and credential chains. */
    private static final Set<String> AWS_SDK = Set.of("AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE");
    /** The settings every Quarkus service shares, on its class path through the schemas jar. */
    static final String SHARED_SETTINGS = "schemas/src/main/resources/META-INF/microprofile-config.properties";
    private static final Pattern EXPANSION = Pattern.compile("\\$\\{([^:}]+)");
    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern PROPERTY = Pattern.compile("@ConfigProperty\\(\\s*name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern SHARED_PROPERTY = Pattern.compile("@ConfigProperty\\(\\s*name\\s*=\\s*(?:dev\\.spotshift\\.schemas\\.access\\.)?RestAccess\\.([A-Z_]+)");
    private static final Pattern CLOUD_NAME = Pattern.compile("\"(spotshift\\.cloud\\.[a-z0-9.-]+)\"");
    private static final Pattern LITERAL = Pattern.compile("\"([A-Z][A-Z0-9_]+)\"");

    private final String module;
    private final boolean quarkus;
    private final String pom;
    private final Set<String> exact = new HashSet<>();
    private final Set<String> prefixes = new HashSet<>();
    private final Set<String> properties = new HashSet<>();
    private final Set<String> propertyPrefixes = new HashSet<>();

    private ModuleEnvironment(Path root, String module) {
        this.module = module;
        Path dir = root.resolve(module);
        this.pom = read(dir.resolve("pom.xml"));
        this.quarkus = pom.contains("quarkus-maven-plugin");
        String sources = javaSources(dir.resolve("src/main/java"));
        if (quarkus) {
            // its own application.properties, and the settings every service shares from the schemas jar
            String settings = read(dir.resolve("src/main/resources/application.properties"));
            if (pom.contains("<artifactId>schemas</artifactId>")) {
                settings += "\n" + read(root.resolve(SHARED_SETTINGS));
            }
            for (String line : settings.lines().toList()) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#") || !l.contains("=")) {
                    continue;
                }
                String key = l.substring(0, l.indexOf('=')).strip().replaceFirst("^%[^.]+\\.", "");
                properties.add(key);
                exact.add(envName(key));
                Matcher m = EXPANSION.matcher(l.substring(l.indexOf('=') + 1));
                while (m.find()) {
                    properties.add(m.group(1));
                    exact.add(envName(m.group(1)));
                }
            }
            Matcher mapping = MAPPING.matcher(sources);
            while (mapping.find()) {
                prefixes.add(envName(mapping.group(1)) + "_");
                propertyPrefixes.add(mapping.group(1) + ".");
            }
            Matcher property = PROPERTY.matcher(sources);
            while (property.find()) {
                properties.add(property.group(1));
                exact.add(envName(property.group(1)));
            }
            // A property named by RestAccess's constant (the issuer settings the operator-command check shares with
            // the REST doors) is read under that constant's value.
            Matcher shared = SHARED_PROPERTY.matcher(sources);
            while (shared.find()) {
                String name = restAccessConstant(root, shared.group(1));
                properties.add(name);
                exact.add(envName(name));
            }
            // The cloud port is built by the cloud jar's one CloudProducer for every service that injects a Cloud.
            if (sources.contains("CloudFactory.fromProperties") || sources.contains("import dev.spotshift.cloud.Cloud;")) {
                Matcher cloud = CLOUD_NAME.matcher(read(root.resolve("cloud/src/main/java/dev/spotshift/cloud/CloudFactory.java")));
                while (cloud.find()) {
                    properties.add(cloud.group(1));
                    // The cloud port picks its names out of Config.getPropertyNames(), where SmallRye lists a variable
                    // no other source names as its dotted guess (SPOTSHIFT_CLOUD_AWS_NOTICE_QUEUE_URL becomes
                    // spotshift.cloud.aws.notice.queue.url): only names without a dash survive that round trip.
                    // The others reach it from a properties file (config/application.properties beside the app).
                    if (!cloud.group(1).contains("-")) {
                        exact.add(envName(cloud.group(1)));
                    }
                }
            }
        } else {
            Matcher literal = LITERAL.matcher(sources);
            while (literal.find()) {
                exact.add(literal.group(1));
            }
        }
        if (pom.contains("<artifactId>cloud</artifactId>")) {
            exact.addAll(AWS_SDK);
        }
        // Every client built on the schemas jar calls the registry with the credentials RegistryCredentials reads from
        // the environment (the channels through ChannelRegistryCredentials, the other serdes through EventSerdes).
        if (pom.contains("<artifactId>schemas</artifactId>")) {
            Matcher literal = LITERAL.matcher(read(root.resolve(
                    "schemas/src/main/java/dev/spotshift/schemas/RegistryCredentials.java")));
            while (literal.find()) {
                exact.add(literal.group(1));
            }
        }
    }

    private static String restAccessConstant(Path root, String constant) {
        Matcher m = Pattern.compile("String " + constant + " = \"([^\"]+)\"").matcher(read(root.resolve(
                "schemas/src/main/java/dev/spotshift/schemas/access/RestAccess.java")));
        if (!m.find()) {
            throw new IllegalStateException("RestAccess." + constant + " is not a String constant");
        }
        return m.group(1);
    }

    static ModuleEnvironment of(Path root, String module) {
        return new ModuleEnvironment(root, module);
    }

    /** MicroProfile Config's environment name of a property. */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    String module() {
        return module;
    }

    boolean reads(String variable) {
        if (exact.contains(variable) || prefixes.stream().anyMatch(variable::startsWith)) {
            return true;
        }
        return quarkus && EXTENSION_ROOTS.entrySet().stream()
                .anyMatch(e -> variable.startsWith(e.getKey()) && pom.contains("<artifactId>" + e.getValue()));
    }

    /** True when a Quarkus module reads this property from a properties file (e.g. config/application.properties). */
    boolean readsProperty(String key) {
        return quarkus && (properties.contains(key) || propertyPrefixes.stream().anyMatch(key::startsWith)
                || reads(envName(key)) && !key.startsWith("spotshift.cloud."));
    }

    private static String javaSources(Path dir) {
        if (!Files.isDirectory(dir)) {
            return "";
        }
        try (var files = Files.walk(dir)) {
            StringBuilder all = new StringBuilder();
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                all.append(Files.readString(f)).append('\n');
            }
            return all.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> unread(ModuleEnvironment m, Iterable<String> variables) {
        List<String> out = new java.util.ArrayList<>();
        variables.forEach(v -> {
            if (!m.reads(v)) {
                out.add(v);
            }
        });
        return out;
    }
}
