package dev.spotshift.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Keeps docker-compose.yml, the k8s manifests and the Dockerfiles honest against the topic catalog
 * and the reactor: what the catalog says is what a cluster gets.
 */
class DeploymentManifestsTest {

    private static final Path ROOT = repositoryRoot();
    private static final Pattern COMPOSE_TOPIC = Pattern.compile(
            "--topic (\\S+) --partitions (\\d+) .*?cleanup\\.policy=(\\w+) --config retention\\.ms=(-?\\d+)");

    record TopicSpec(int partitions, String cleanup, String retentionMs) {}

    @Test
    void composeCreatesExactlyTheCatalogsTopics() throws IOException {
        String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
        Map<String, TopicSpec> inCompose = new TreeMap<>();
        Matcher m = COMPOSE_TOPIC.matcher(compose);
        while (m.find()) {
            inCompose.put(m.group(1), new TopicSpec(Integer.parseInt(m.group(2)), m.group(3), m.group(4)));
        }
        assertThat(inCompose).isEqualTo(catalog());
    }

    @Test
    void kubernetesHasOneKafkaTopicPerCatalogEntry() {
        Map<String, TopicSpec> inK8s = new TreeMap<>();
        for (Map<String, Object> doc : yamlDocuments(ROOT.resolve("k8s/base/topics.yaml"))) {
            assertThat(doc.get("kind")).isEqualTo("KafkaTopic");
            Map<String, Object> spec = map(doc.get("spec"));
            Map<String, Object> config = map(spec.get("config"));
            inK8s.put((String) map(doc.get("metadata")).get("name"), new TopicSpec((Integer) spec.get("partitions"),
                    (String) config.get("cleanup.policy"), String.valueOf(config.get("retention.ms"))));
        }
        assertThat(inK8s).isEqualTo(catalog());
    }

    @Test
    void everyServiceHasAnImageAComposeServiceAndADeployment() throws IOException {
        Map<String, Object> compose = map(new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml"))));
        Map<String, Object> composeServices = map(compose.get("services"));
        List<String> deployments = new ArrayList<>();
        for (Map<String, Object> doc : yamlDocuments(ROOT.resolve("k8s/base/services.yaml"))) {
            if ("Deployment".equals(doc.get("kind"))) {
                deployments.add((String) map(doc.get("metadata")).get("name"));
                String image = (String) map(list(map(map(map(doc.get("spec")).get("template")).get("spec"))
                        .get("containers")).get(0)).get("image");
                String name = (String) map(doc.get("metadata")).get("name");
                assertThat(image).as("image of %s", name).isEqualTo(map(composeServices.get(name)).get("image"));
            }
        }
        for (String service : runnableModules()) {
            assertThat(ROOT.resolve(service).resolve("src/main/docker/Dockerfile.jvm")).as("Dockerfile of %s", service).exists();
            assertThat(composeServices).as("compose services").containsKey(service);
            assertThat(deployments).as("k8s deployments").contains(service);
        }
    }

    @Test
    void everyDockerfileCopiesOnlyWhatTheBuildProduces() throws IOException {
        for (String service : runnableModules()) {
            Path dockerfile = ROOT.resolve(service).resolve("src/main/docker/Dockerfile.jvm");
            String pom = Files.readString(ROOT.resolve(service).resolve("pom.xml"));
            List<String> sources = Files.readAllLines(dockerfile).stream()
                    .filter(l -> l.startsWith("COPY"))
                    .map(l -> l.replaceAll("--chown=\\S+ ", "").split("\\s+")[1])
                    .toList();
            if (pom.contains("quarkus-maven-plugin")) {
                assertThat(pom).as("%s builds a Quarkus app", service).contains("<goal>build</goal>");
                assertThat(sources).as("COPY sources of %s", service)
                        .containsExactlyInAnyOrder("target/quarkus-app/lib/", "target/quarkus-app/*.jar",
                                "target/quarkus-app/app/", "target/quarkus-app/quarkus/");
                Path app = ROOT.resolve(service).resolve("target/quarkus-app");
                if (Files.isDirectory(app)) { // built in this reactor run: the paths must really be there
                    assertThat(app.resolve("quarkus-run.jar")).exists();
                    assertThat(app.resolve("lib")).isDirectory();
                    assertThat(app.resolve("app")).isDirectory();
                    assertThat(app.resolve("quarkus")).isDirectory();
                }
            } else {
                assertThat(sources).as("COPY sources of %s", service).isNotEmpty()
                        .allSatisfy(src -> assertThat(src).startsWith("target/"));
            }
        }
    }

    @Test
    void everyManifestParsesAsYaml() throws IOException {
        try (var files = Files.walk(ROOT.resolve("k8s"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                assertThat(yamlDocuments(f)).as("documents in %s", f).isNotEmpty();
            }
        }
    }

    @Test
    void theConsistencyCheckNoticesATopicMissingFromTheManifests() {
        Map<String, TopicSpec> withExtra = new TreeMap<>(catalog());
        withExtra.put("orphan-topic", new TopicSpec(3, "delete", "1000"));
        Map<String, TopicSpec> k8s = new TreeMap<>();
        for (Map<String, Object> doc : yamlDocuments(ROOT.resolve("k8s/base/topics.yaml"))) {
            Map<String, Object> spec = map(doc.get("spec"));
            Map<String, Object> config = map(spec.get("config"));
            k8s.put((String) map(doc.get("metadata")).get("name"), new TopicSpec((Integer) spec.get("partitions"),
                    (String) config.get("cleanup.policy"), String.valueOf(config.get("retention.ms"))));
        }
        assertThat(k8s).isNotEqualTo(withExtra);
    }

    /** Modules that run as their own process: the services, the AWS bridges and the workload simulator. */
    static List<String> runnableModules() throws IOException {
        String parent = Files.readString(ROOT.resolve("pom.xml"));
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(parent);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            String module = m.group(1);
            if (module.endsWith("-service") || module.equals("workload-simulator") || module.equals("cloud-bridge")) {
                out.add(module);
            }
        }
        assertThat(out).as("service modules in the reactor").isNotEmpty();
        return out;
    }

    static Map<String, TopicSpec> catalog() {
        return Topics.all().stream().collect(Collectors.toMap(Topic::name,
                t -> new TopicSpec(t.partitions(), t.configs().get("cleanup.policy"), t.configs().get("retention.ms")),
                (a, b) -> a, TreeMap::new));
    }

    private static List<Map<String, Object>> yamlDocuments(Path file) {
        try {
            List<Map<String, Object>> docs = new ArrayList<>();
            for (Object o : new Yaml().loadAll(Files.readString(file))) {
                if (o != null) {
                    docs.add(map(o));
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o == null ? new LinkedHashMap<>() : (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    private static Path repositoryRoot() {
        String home = System.getProperty("spotshift.home");
        Path p = home != null ? Path.of(home) : Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("docker-compose.yml"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root (docker-compose.yml) from " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
