package dev.spotshift.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.infra.SpotshiftHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No service declares a Quarkus extension it does not use: every extension a runnable module depends on (outside test
 * scope) is known here with the evidence of its use, and that evidence is in the module's own main sources or
 * configuration. An extension this test does not know fails it too, so a new one comes with its evidence.
 */
class ExtensionsInUseTest {

    private static final Path ROOT = SpotshiftHome.locate();
    private static final Pattern DEPENDENCY = Pattern.compile(
            "<dependency>\\s*<groupId>io\\.quarkus</groupId>\\s*<artifactId>(quarkus-[\\w-]+)</artifactId>(.*?)</dependency>",
            Pattern.DOTALL);

    /** Extension -> what in src/main (Java or resources) shows it is used. */
    private static final Map<String, Pattern> EVIDENCE = new LinkedHashMap<>();

    static {
        EVIDENCE.put("quarkus-messaging-kafka", Pattern.compile(
                "org\\.eclipse\\.microprofile\\.reactive\\.messaging|mp\\.messaging\\.(incoming|outgoing)\\."));
        EVIDENCE.put("quarkus-kafka-streams", Pattern.compile("org\\.apache\\.kafka\\.streams"));
        // Hand-built producers and consumers (the console's feed, the operator's publisher and status board).
        EVIDENCE.put("quarkus-kafka-client", Pattern.compile("org\\.apache\\.kafka\\.clients"));
        EVIDENCE.put("quarkus-kubernetes-client", Pattern.compile("io\\.fabric8\\.kubernetes"));
        // Required by Quarkus's Kafka extension once the Apicurio Avro serde is on the class path.
        EVIDENCE.put("quarkus-apicurio-registry-avro", Pattern.compile("apicurio\\.registry\\.url"));
        EVIDENCE.put("quarkus-rest", Pattern.compile("jakarta\\.ws\\.rs"));
        EVIDENCE.put("quarkus-rest-jackson", Pattern.compile("jakarta\\.ws\\.rs"));
        EVIDENCE.put("quarkus-jackson", Pattern.compile("com\\.fasterxml\\.jackson"));
        EVIDENCE.put("quarkus-smallrye-openapi", Pattern.compile("org\\.eclipse\\.microprofile\\.openapi"));
        EVIDENCE.put("quarkus-scheduler", Pattern.compile("io\\.quarkus\\.scheduler"));
        EVIDENCE.put("quarkus-smallrye-fault-tolerance", Pattern.compile("org\\.eclipse\\.microprofile\\.faulttolerance"));
        // Readiness: the schemas jar's registry check (spotshift.health.*) or the Kafka clients' own.
        EVIDENCE.put("quarkus-smallrye-health", Pattern.compile(
                "org\\.eclipse\\.microprofile\\.health|spotshift\\.health\\.|quarkus\\.kafka\\.health"));
        EVIDENCE.put("quarkus-micrometer-registry-prometheus", Pattern.compile("io\\.micrometer"));
        EVIDENCE.put("quarkus-opentelemetry", Pattern.compile("io\\.opentelemetry|quarkus\\.otel\\."));
        EVIDENCE.put("quarkus-logging-json", Pattern.compile("quarkus\\.log\\.console\\.json"));
        // Bearer tokens on the REST doors: role checks in code, or the verifier's settings.
        EVIDENCE.put("quarkus-smallrye-jwt", Pattern.compile("jakarta\\.annotation\\.security|mp\\.jwt\\."));
        EVIDENCE.put("quarkus-container-image-jib", Pattern.compile("quarkus\\.container-image\\.|quarkus\\.jib\\."));
    }

    @Test
    void everyServiceUsesEveryExtensionItDeclares() throws IOException {
        List<String> unused = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        for (String module : quarkusApplications()) {
            String sources = mainSources(ROOT.resolve(module).resolve("src/main"));
            if (Files.readString(ROOT.resolve(module).resolve("pom.xml")).contains("<artifactId>schemas</artifactId>")) {
                // the settings every service shares (logs, traces, registry) come with the schemas jar
                sources += "\n" + Files.readString(ROOT.resolve(ModuleEnvironment.SHARED_SETTINGS));
            }
            for (String extension : declaredExtensions(module)) {
                Pattern evidence = EVIDENCE.get(extension);
                if (evidence == null) {
                    unused.add(module + ": " + extension + " (unknown here: add the evidence of its use to this test)");
                } else if (!evidence.matcher(sources).find()) {
                    unused.add(module + ": " + extension + " (nothing in src/main matches " + evidence + ")");
                }
                checked.add(module + ":" + extension);
            }
        }
        assertThat(checked).isNotEmpty();
        assertThat(unused).as("extensions declared and not used").isEmpty();
    }

    @Test
    void anExtensionWithoutItsEvidenceIsReported() {
        // Given a service whose sources never touch the scheduler
        String sources = "import org.apache.kafka.streams.StreamsBuilder;";

        // Then the scheduler's evidence is not found, and Kafka Streams' is
        assertThat(EVIDENCE.get("quarkus-scheduler").matcher(sources).find()).isFalse();
        assertThat(EVIDENCE.get("quarkus-kafka-streams").matcher(sources).find()).isTrue();
    }

    /** Every Spotshift module the Quarkus plugin builds into an application: the services, the console, the operator, the bridge. */
    static List<String> quarkusApplications() throws IOException {
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(ROOT.resolve("pom.xml")));
        List<String> out = new ArrayList<>();
        while (m.find()) {
            Path module = ROOT.resolve(m.group(1));
            String pom = Files.readString(module.resolve("pom.xml"));
            // Spotshift's own (on the schemas jar), not the registry application infra-dist repackages
            if (pom.contains("<artifactId>quarkus-maven-plugin</artifactId>") && pom.contains("<artifactId>schemas</artifactId>")
                    && Files.exists(module.resolve("src/main/resources/application.properties"))) {
                out.add(m.group(1));
            }
        }
        assertThat(out).as("Quarkus applications in the reactor").contains("console", "operator", "analyzer-service");
        return out;
    }

    /** The io.quarkus extensions of the module's pom, test scope left out. */
    static List<String> declaredExtensions(String module) throws IOException {
        String pom = Files.readString(ROOT.resolve(module).resolve("pom.xml"));
        List<String> out = new ArrayList<>();
        Matcher m = DEPENDENCY.matcher(pom);
        while (m.find()) {
            if (!m.group(2).contains("<scope>test</scope>")) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    private static String mainSources(Path main) throws IOException {
        try (Stream<Path> files = Files.walk(main)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".java") || f.toString().endsWith(".properties"))
                    .map(ExtensionsInUseTest::read).collect(Collectors.joining("\n"));
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
