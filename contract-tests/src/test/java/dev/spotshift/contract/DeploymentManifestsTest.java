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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Keeps docker-compose.yml, the k8s manifests and the Dockerfiles honest against the topic catalog, the reactor and
 * the services' own configuration: what the catalog says is what a cluster gets, every variable a process is given
 * is one it reads, every probe asks a port that listens, every Deployment has a disruption budget, and every image
 * copies only what the build makes, and every pod meets the restricted Pod Security Standard and is fenced by a
 * NetworkPolicy. No Docker engine or kubectl here, so overlays are rendered by {@link Kustomized}.
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
        Map<String, Object> composeServices = composeServices();
        List<String> deployments = new ArrayList<>();
        for (Map<String, Object> doc : Kustomized.ofKind(local(), "Deployment")) {
            String name = Kustomized.name(doc);
            String image = (String) map(containers(doc).get(0)).get("image");
            if (image.startsWith("spotshift/")) {
                deployments.add(name);
                assertThat(image).as("image of %s", name).isEqualTo(map(composeServices.get(name)).get("image"));
            }
        }
        for (String service : runnableModules()) {
            assertThat(ROOT.resolve(service).resolve("src/main/docker/Dockerfile.jvm")).as("Dockerfile of %s", service).exists();
            assertThat(composeServices).as("compose services").containsKey(service);
            assertThat(deployments).as("k8s deployments (local overlay)").contains(service);
        }
    }

    @Test
    void everyDockerfileCopiesOnlyWhatTheBuildProduces() throws IOException {
        for (String service : runnableModules()) {
            Path module = ROOT.resolve(service);
            List<String> problems = dockerfileProblems(Files.readString(module.resolve("pom.xml")),
                    Files.readAllLines(module.resolve("src/main/docker/Dockerfile.jvm")));
            assertThat(problems).as("COPY sources of %s against its pom", service).isEmpty();
            Path target = module.resolve("target");
            if (Files.isDirectory(target.resolve("quarkus-app")) || Files.isDirectory(target.resolve("lib"))) {
                // built in this checkout: every COPY source must really be there
                for (String src : copySources(Files.readAllLines(module.resolve("src/main/docker/Dockerfile.jvm")))) {
                    assertThat(matchesSomething(module, src)).as("%s/%s exists after the build", service, src).isTrue();
                }
            }
        }
    }

    @Test
    void theDockerfileCheckNoticesALibDirectoryTheBuildDoesNotMake() throws IOException {
        String pomWithoutCopy = Files.readString(ROOT.resolve("workload-simulator/pom.xml"))
                .replace("copy-dependencies", "tree");
        List<String> dockerfile = Files.readAllLines(ROOT.resolve("workload-simulator/src/main/docker/Dockerfile.jvm"));

        assertThat(dockerfileProblems(pomWithoutCopy, dockerfile)).anySatisfy(p -> assertThat(p).contains("target/lib/"));
        assertThat(dockerfileProblems(Files.readString(ROOT.resolve("workload-simulator/pom.xml")),
                List.of("COPY target/classes/ /deployments/"))).isNotEmpty();
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

    // --- A deployment that installs: names the services read, probes, budgets, overlays, Strimzi v1 ---

    @Test
    void everyVariableAContainerIsGivenIsOneItsModuleReads() throws IOException {
        List<String> problems = new ArrayList<>();
        for (var e : composeServices().entrySet()) {
            String module = composeModule(map(e.getValue()));
            if (module != null) {
                Set<String> vars = map(map(e.getValue()).get("environment")).keySet();
                ModuleEnvironment.unread(ModuleEnvironment.of(ROOT, module), vars)
                        .forEach(v -> problems.add("compose " + e.getKey() + " sets " + v));
            }
        }
        for (var overlay : Map.of("base", base(), "local", local()).entrySet()) {
            for (Map<String, Object> d : Kustomized.ofKind(overlay.getValue(), "Deployment")) {
                String module = imageModule(d);
                if (module != null) {
                    ModuleEnvironment.unread(ModuleEnvironment.of(ROOT, module), environment(d, overlay.getValue()))
                            .forEach(v -> problems.add(overlay.getKey() + " " + Kustomized.name(d) + " gets " + v));
                }
            }
        }
        assertThat(problems).as("variables set that the process never reads").isEmpty();
    }

    @Test
    void everyProcessWithABearerTokenDoorIsToldItsIssuerAndKeys() throws IOException {
        // Given the processes that verify bearer JWTs: a REST door (they name mp.jwt.verify in their configuration) or
        // the token an operator command carries (their code builds an OperatorProof)
        List<String> problems = new ArrayList<>();
        List<String> doors = new ArrayList<>();
        for (Map<String, Object> d : Kustomized.ofKind(base(), "Deployment")) {
            String module = imageModule(d);
            if (module == null || !(Files.readString(ROOT.resolve(module).resolve("src/main/resources/application.properties"))
                    .contains("mp.jwt.verify") || checksOperatorProofs(ROOT.resolve(module)))) {
                continue;
            }
            doors.add(module);
            // Then the deployment gives them the issuer and the key set: without them every token is refused
            Set<String> vars = environment(d, base());
            for (String v : List.of("MP_JWT_VERIFY_ISSUER", "MP_JWT_VERIFY_PUBLICKEY_LOCATION")) {
                if (!vars.contains(v)) {
                    problems.add(module + " is not given " + v);
                }
            }
        }
        assertThat(doors).contains("analyzer-service", "monitor-service", "console", "executor-service",
                "coordinator-service");
        assertThat(problems).isEmpty();
    }

    private static boolean checksOperatorProofs(Path module) throws IOException {
        try (var files = Files.walk(module.resolve("src/main/java"))) {
            return files.filter(f -> f.toString().endsWith(".java")).anyMatch(f -> {
                try {
                    return Files.readString(f).contains("OperatorProof.configured(");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }

    @Test
    void everyPropertyAProcessIsGivenInAFileIsOneItsModuleReads() throws IOException {
        Map<String, Set<String>> given = new TreeMap<>();
        Map<String, Object> compose = map(new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml"))));
        for (var e : map(compose.get("services")).entrySet()) {
            String module = composeModule(map(e.getValue()));
            for (Object c : list(map(e.getValue()).get("configs"))) {
                assertThat(map(c).get("target")).as("where compose puts a config for %s", e.getKey()).isEqualTo(CONFIG_FILE);
                String content = (String) map(map(map(compose.get("configs")).get(map(c).get("source")))).get("content");
                given.computeIfAbsent("compose " + module, k -> new TreeSet<>()).addAll(propertyKeys(content));
            }
        }
        for (var overlay : Map.of("base", base(), "local", local()).entrySet()) {
            for (Map<String, Object> d : Kustomized.ofKind(overlay.getValue(), "Deployment")) {
                String module = imageModule(d);
                Map<String, Object> podSpec = map(map(map(d.get("spec")).get("template")).get("spec"));
                for (Object m : list(map(containers(d).get(0)).get("volumeMounts"))) {
                    if (!CONFIG_FILE.startsWith(String.valueOf(map(m).get("mountPath")) + "/")) {
                        continue;
                    }
                    Object cmName = list(podSpec.get("volumes")).stream().map(DeploymentManifestsTest::map)
                            .filter(v -> map(m).get("name").equals(v.get("name")))
                            .map(v -> map(v.get("configMap")).get("name")).findFirst().orElseThrow();
                    Map<String, Object> cm = Kustomized.ofKind(overlay.getValue(), "ConfigMap").stream()
                            .filter(x -> cmName.equals(Kustomized.name(x))).findFirst().orElseThrow();
                    given.computeIfAbsent(overlay.getKey() + " " + module, k -> new TreeSet<>())
                            .addAll(propertyKeys((String) map(cm.get("data")).get("application.properties")));
                }
            }
        }
        // On AWS the bridge needs its queue, and no variable can name it (see ModuleEnvironment)
        assertThat(given).containsKeys("compose cloud-bridge", "base cloud-bridge");
        assertThat(given.get("base cloud-bridge")).contains("spotshift.cloud.aws.notice-queue-url");
        given.forEach((where, keys) -> {
            ModuleEnvironment reads = ModuleEnvironment.of(ROOT, where.substring(where.indexOf(' ') + 1));
            assertThat(keys).as("properties given to %s", where).allMatch(reads::readsProperty);
        });
        for (String module : List.of("analyzer-service", "cloud-bridge")) {
            assertThat(Files.readString(ROOT.resolve(module).resolve("src/main/docker/Dockerfile.jvm")))
                    .as("%s runs where config/ is read from", module).contains("WORKDIR /deployments");
        }
    }

    @Test
    void theCloudPortGetsDashedNamesOnlyFromAFileNeverFromTheEnvironment() {
        ModuleEnvironment bridge = ModuleEnvironment.of(ROOT, "cloud-bridge");
        assertThat(bridge.reads("SPOTSHIFT_CLOUD_KIND")).isTrue();
        assertThat(bridge.reads("SPOTSHIFT_CLOUD_AWS_REGION")).isTrue();
        assertThat(bridge.reads("SPOTSHIFT_CLOUD_AWS_NOTICE_QUEUE_URL")).as("seen as ...notice.queue.url").isFalse();
        assertThat(bridge.readsProperty("spotshift.cloud.aws.notice-queue-url")).isTrue();
        assertThat(bridge.readsProperty("spotshift.cloud.aws.notice.queue.url")).isFalse();
    }

    @Test
    void theSimulatedWorldsStartWithTheGroupsOfTheDemoPlans() throws IOException {
        // Given the groups the demo's plans run in, as DemoStack.worldFor names them: region/name/types/target
        List<String> expected = new ArrayList<>();
        try (var files = Files.list(ROOT.resolve("examples/demo"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                Map<String, Object> plan = Kustomized.Yaml1.load(f);
                Map<String, Object> spot = map(plan.get("spot"));
                for (Object w : list(plan.get("workloads"))) {
                    Map<String, Object> workload = map(w);
                    if (workload.get("autoScalingGroupName") != null) {
                        List<String> types = new ArrayList<>(List.of((String) workload.get("currentInstanceType")));
                        list(spot.get("instanceTypes")).stream().map(String::valueOf).filter(t -> !types.contains(t))
                                .forEach(types::add);
                        expected.add(workload.get("region") + "/" + workload.get("autoScalingGroupName") + "/"
                                + String.join("+", types) + "/" + spot.get("targetCapacity"));
                    }
                }
            }
        }
        assertThat(expected).as("groups of examples/demo").isNotEmpty();
        // Then compose and the local overlay start every simulated cloud with them
        for (String service : List.of("analyzer-service", "executor-service")) {
            String groups = String.valueOf(map(map(composeServices().get(service)).get("environment")).get("SPOTSHIFT_CLOUD_SIM_GROUPS"));
            assertThat(List.of(groups.split(","))).as("compose %s", service).containsAll(expected);
        }
        Map<String, Object> cloud = Kustomized.ofKind(local(), "ConfigMap").stream()
                .filter(c -> "spotshift-cloud-config".equals(Kustomized.name(c))).findFirst().orElseThrow();
        assertThat(List.of(String.valueOf(map(cloud.get("data")).get("SPOTSHIFT_CLOUD_SIM_GROUPS")).split(",")))
                .as("local overlay").containsAll(expected);
    }

    @Test
    void composeHealthchecksUseOnlyToolsTheImagesHave() throws IOException {
        for (var e : composeServices().entrySet()) {
            String module = composeModule(map(e.getValue()));
            Object check = map(map(e.getValue()).get("healthcheck")).get("test");
            if (module == null) {
                continue;
            }
            assertThat(check).as("healthcheck of %s", e.getKey()).isNotNull();
            String dockerfile = Files.readString(ROOT.resolve(module).resolve("src/main/docker/Dockerfile.jvm"));
            if (dockerfile.contains("FROM eclipse-temurin")) {
                // newer eclipse-temurin images have neither curl nor wget (adoptium/containers#752); bash is in all
                assertThat(String.valueOf(check)).as("healthcheck of %s", e.getKey()).doesNotContain("curl", "wget");
            }
            if (pom(module).contains("quarkus-maven-plugin")) {
                assertThat(String.valueOf(check)).as("healthcheck of %s", e.getKey()).contains("/dev/tcp/127.0.0.1/8080", "/q/health/ready");
            }
        }
    }

    @Test
    void everyProcessGetsKafkaAndTheRegistryUnderTheNamesItReads() throws IOException {
        List<String> wanted = List.of(BOOTSTRAP, REGISTRY);
        for (String module : runnableModules()) {
            ModuleEnvironment reads = ModuleEnvironment.of(ROOT, module);
            assertThat(wanted).as("%s reads", module).allMatch(reads::reads);
            Map<String, Object> compose = map(composeServices().get(module));
            assertThat(map(compose.get("environment"))).as("compose environment of %s", module).containsKeys(BOOTSTRAP, REGISTRY);
            Map<String, Object> deployment = Kustomized.ofKind(local(), "Deployment").stream()
                    .filter(d -> module.equals(imageModule(d))).findFirst().orElseThrow();
            assertThat(environment(deployment, local())).as("k8s environment of %s", module).contains(BOOTSTRAP, REGISTRY);
        }
    }

    @Test
    void theEnvironmentCheckNoticesNamesAModuleDoesNotRead() {
        // the defect of issue 25 (a process reading a name nothing sets): the registry names retired when every
        // process got one key for it (issue 20) are read by nobody any more
        assertThat(ModuleEnvironment.of(ROOT, "executor-service").reads("SPOTSHIFT_HEALTH_REGISTRY_URL")).isFalse();
        assertThat(ModuleEnvironment.of(ROOT, "monitor-service").reads("KAFKA_APICURIO_REGISTRY_URL")).isFalse();
        assertThat(ModuleEnvironment.of(ROOT, "monitor-service").reads("APICURIO_REGISTRY_URL")).isTrue();
        // no Kafka Streams in the analyzer; no cloud port in the coordinator
        assertThat(ModuleEnvironment.of(ROOT, "analyzer-service").reads("QUARKUS_KAFKA_STREAMS_BOOTSTRAP_SERVERS")).isFalse();
        assertThat(ModuleEnvironment.of(ROOT, "coordinator-service").reads("SPOTSHIFT_CLOUD_KIND")).isFalse();
        assertThat(ModuleEnvironment.of(ROOT, "workload-simulator").reads("QUARKUS_LOG_CONSOLE_JSON")).isFalse();
        assertThat(ModuleEnvironment.of(ROOT, "workload-simulator").reads(REGISTRY)).isTrue();
    }

    @Test
    void everyProbeTargetsAPortItsContainerExposes() {
        for (var overlay : Map.of("base", base(), "local", local()).entrySet()) {
            for (Map<String, Object> d : Kustomized.ofKind(overlay.getValue(), "Deployment")) {
                assertThat(probeProblems(d)).as("probes of %s in %s", Kustomized.name(d), overlay.getKey()).isEmpty();
                // a port in the manifest is only as good as a server behind it: only the Quarkus apps serve HTTP
                String module = imageModule(d);
                if (module != null && !pom(module).contains("quarkus-maven-plugin")) {
                    assertThat(map(containers(d).get(0))).as("%s serves no port", module).doesNotContainKey("ports");
                }
            }
        }
    }

    @Test
    void theProbeCheckNoticesAnHttpProbeWhereNothingListens() {
        Map<String, Object> container = new LinkedHashMap<>(Map.of("name", "workload-simulator",
                "livenessProbe", Map.of("httpGet", Map.of("path", "/q/health/live", "port", "http"))));
        Map<String, Object> d = Map.of("kind", "Deployment", "metadata", Map.of("name", "workload-simulator"),
                "spec", Map.of("template", Map.of("spec", Map.of("containers", List.of(container)))));

        assertThat(probeProblems(d)).anySatisfy(p -> assertThat(p).contains("port http"));
        container.put("ports", List.of(Map.of("name", "metrics", "containerPort", 9000)));
        assertThat(probeProblems(d)).isNotEmpty();
        container.put("ports", List.of(Map.of("name", "http", "containerPort", 8080)));
        assertThat(probeProblems(d)).isEmpty();
    }

    @Test
    void theSimulatorsLivenessProbeChecksTheHeartbeatItWrites() throws IOException {
        Map<String, Object> d = Kustomized.ofKind(local(), "Deployment").stream()
                .filter(x -> "workload-simulator".equals(Kustomized.name(x))).findFirst().orElseThrow();
        Map<String, Object> c = map(containers(d).get(0));
        String heartbeat = env(c).get("SIMULATOR_HEARTBEAT_FILE");
        List<Object> command = list(map(map(c.get("livenessProbe")).get("exec")).get("command"));

        assertThat(heartbeat).as("heartbeat file the Deployment sets").isNotBlank();
        assertThat(String.join(" ", command.stream().map(String::valueOf).toList())).contains(heartbeat);
        assertThat(ModuleEnvironment.of(ROOT, "workload-simulator").reads("SIMULATOR_HEARTBEAT_FILE")).isTrue();
        assertThat(c).doesNotContainKeys("ports", "readinessProbe", "startupProbe");
        // compose runs the same image: its healthcheck looks at the file the image names
        String dockerfile = Files.readString(ROOT.resolve("workload-simulator/src/main/docker/Dockerfile.jvm"));
        assertThat(dockerfile).contains("SIMULATOR_HEARTBEAT_FILE=" + heartbeat);
        assertThat(String.valueOf(map(map(composeServices().get("workload-simulator")).get("healthcheck")).get("test")))
                .contains(heartbeat);
    }

    @Test
    void everyDeploymentHasADisruptionBudgetForItsPods() {
        for (var overlay : Map.of("base", base(), "local", local()).entrySet()) {
            assertThat(budgetProblems(overlay.getValue())).as("PodDisruptionBudgets in %s", overlay.getKey()).isEmpty();
        }
    }

    @Test
    void theBudgetCheckNoticesADeploymentWithout() {
        List<Map<String, Object>> docs = new ArrayList<>(base());
        docs.removeIf(d -> "PodDisruptionBudget".equals(Kustomized.kind(d)) && "monitor-service".equals(Kustomized.name(d)));

        assertThat(budgetProblems(docs)).containsExactly("no PodDisruptionBudget selects the pods of monitor-service");
    }

    @Test
    void theSimulatorIsInTheLocalOverlayOnlyNeverInTheProductionBase() {
        assertThat(base()).as("base").noneMatch(d -> String.valueOf(d).contains("workload-simulator"));
        assertThat(Kustomized.ofKind(local(), "Deployment")).extracting(Kustomized::name).contains("workload-simulator");
    }

    @Test
    void theBaseCreatesTheNamespaceItPutsEverythingIn() {
        String namespace = (String) Kustomized.Yaml1.load(ROOT.resolve("k8s/base/kustomization.yaml")).get("namespace");
        assertThat(namespace).isNotNull();
        assertThat(Kustomized.ofKind(base(), "Namespace")).extracting(Kustomized::name).containsExactly(namespace);
    }

    @Test
    void everyKustomizationListsEveryManifestBesideIt() throws IOException {
        for (String dir : List.of("k8s/base", "k8s/overlays/local")) {
            List<Object> resources = list(Kustomized.Yaml1.load(ROOT.resolve(dir).resolve("kustomization.yaml")).get("resources"));
            try (var files = Files.list(ROOT.resolve(dir))) {
                List<String> yaml = files.map(p -> p.getFileName().toString())
                        .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml")).toList();
                assertThat(resources).as("resources of %s", dir).containsAll(yaml);
            }
        }
    }

    @Test
    void strimziResourcesUseTheV1ApiWithoutWhatItDropped() {
        List<Map<String, Object>> strimzi = base().stream()
                .filter(d -> String.valueOf(d.get("apiVersion")).startsWith("kafka.strimzi.io/")).toList();
        assertThat(strimzi).extracting(Kustomized::kind).contains("Kafka", "KafkaNodePool", "KafkaTopic");
        for (Map<String, Object> d : strimzi) {
            String what = Kustomized.kind(d) + " " + Kustomized.name(d);
            assertThat(d.get("apiVersion")).as(what).isEqualTo("kafka.strimzi.io/v1");
            assertThat(d).as("%s has a spec (required in v1)", what).containsKey("spec");
            assertThat(map(map(d.get("metadata")).get("annotations"))).as("annotations of %s", what)
                    .doesNotContainKeys("strimzi.io/kraft", "strimzi.io/node-pools");
            if ("Kafka".equals(Kustomized.kind(d))) {
                Map<String, Object> spec = map(d.get("spec"));
                assertThat(spec).as(what).doesNotContainKeys("zookeeper", "jmxTrans");
                assertThat(map(spec.get("kafka"))).as("%s .spec.kafka (node pools hold these)", what)
                        .doesNotContainKeys("replicas", "storage", "resources");
            }
            if ("KafkaUser".equals(Kustomized.kind(d))) {
                for (Object acl : list(map(map(map(d.get("spec")).get("authorization"))).get("acls"))) {
                    assertThat(map(acl)).as("ACL of %s", what).containsKey("operations").doesNotContainKey("operation");
                }
            }
        }
    }

    @Test
    void theLocalOverlayExportsTracesOnlyToACollectorItDeploys() {
        List<Map<String, Object>> docs = local();
        List<String> services = Kustomized.ofKind(docs, "Service").stream().map(Kustomized::name).toList();
        for (Map<String, Object> cm : Kustomized.ofKind(docs, "ConfigMap")) {
            Map<String, Object> data = map(cm.get("data"));
            if (!"true".equals(String.valueOf(data.getOrDefault("QUARKUS_OTEL_SDK_DISABLED", "true")))) {
                String endpoint = String.valueOf(data.get("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT"));
                String host = java.net.URI.create(endpoint).getHost();
                assertThat(services).as("trace export to %s from %s", endpoint, Kustomized.name(cm)).contains(host);
            }
        }
    }

    @Test
    void theRestDoorTheExamplesCurlIsPublishedByTheAnalyzer() throws IOException {
        Pattern curl = Pattern.compile("curl .*?(?:localhost|127\\.0\\.0\\.1):(\\d+)/api/");
        List<String> ports = new ArrayList<>();
        try (var files = Files.list(ROOT.resolve("examples"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Matcher m = curl.matcher(Files.readString(f));
                while (m.find()) {
                    ports.add(m.group(1));
                }
            }
        }
        assertThat(ports).as("ports the examples curl").isNotEmpty();
        List<Object> published = list(map(composeServices().get("analyzer-service")).get("ports"));
        for (String port : ports) {
            assertThat(published).as("analyzer ports in compose").contains("127.0.0.1:" + port + ":8080");
        }
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

    @Test
    void everyDeploymentIsFencedByANetworkPolicyInBothDirections() {
        List<Map<String, Object>> docs = local();
        Map<String, Map<String, Object>> policies = new TreeMap<>();
        for (Map<String, Object> np : Kustomized.ofKind(docs, "NetworkPolicy")) {
            Map<String, Object> spec = map(np.get("spec"));
            Object selected = map(map(spec.get("podSelector")).get("matchLabels")).get("app.kubernetes.io/name");
            policies.put(String.valueOf(selected), spec);
        }
        for (Map<String, Object> d : Kustomized.ofKind(docs, "Deployment")) {
            String name = Kustomized.name(d);
            Map<String, Object> spec = policies.get(name);
            assertThat(spec).as("NetworkPolicy selecting %s", name).isNotNull();
            assertThat(list(spec.get("policyTypes"))).as("policy types of %s", name).contains("Ingress", "Egress");
            Set<Object> egressPorts = new TreeSet<>(java.util.Comparator.comparing(String::valueOf));
            for (Object rule : list(spec.get("egress"))) {
                for (Object port : list(map(rule).get("ports"))) {
                    egressPorts.add(map(port).get("port"));
                }
            }
            // the broker, the registry, DNS, and HTTPS for the AWS APIs: nothing else
            if (name.equals("apicurio-registry")) {
                // DNS and its database, nothing else
                assertThat(egressPorts).as("egress ports of %s", name).isSubsetOf(53, 5432);
                continue;
            }
            // (and the Kubernetes API server for the MigrationPlan operator: 443 at its Service, 6443 at its endpoints,
            // which is what a policy sees after the Service's translation on many clusters)
            if (name.equals("operator")) {
                assertThat(egressPorts).as("egress ports of %s", name).isSubsetOf(9092, 8080, 53, 443, 6443);
            } else {
                assertThat(egressPorts).as("egress ports of %s", name).isSubsetOf(9092, 8080, 53, 443);
            }
            // AWS callers, the notifier (webhooks, SNS) and the operator (the API server) speak HTTPS out; no one else
            boolean https = Set.of("analyzer-service", "executor-service", "cloud-bridge", "notifier-service", "operator")
                    .contains(name);
            assertThat(egressPorts.contains(443)).as("%s reaches out over HTTPS", name).isEqualTo(https);
        }
    }

    @Test
    void theBrokerAuthenticatesEveryClientAndEachProcessLogsInAsItsOwnKafkaUser() {
        List<Map<String, Object>> docs = local();
        Map<String, Object> kafka = map(map(Kustomized.ofKind(docs, "Kafka").get(0).get("spec")).get("kafka"));
        assertThat(map(kafka.get("authorization")).get("type")).isEqualTo("simple");
        for (Object listener : list(kafka.get("listeners"))) {
            assertThat(map(map(listener).get("authentication")).get("type")).as("listener %s", map(listener).get("name"))
                    .isEqualTo("scram-sha-512");
        }
        Set<String> users = Kustomized.ofKind(docs, "KafkaUser").stream().map(Kustomized::name).collect(Collectors.toSet());
        for (Map<String, Object> d : Kustomized.ofKind(docs, "Deployment")) {
            if (Kustomized.name(d).equals("apicurio-registry")) {
                continue; // not a Kafka client
            }
            Object login = list(map(containers(d).get(0)).get("env")).stream().map(DeploymentManifestsTest::map)
                    .filter(e -> "KAFKA_SASL_JAAS_CONFIG".equals(e.get("name")))
                    .map(e -> map(map(e.get("valueFrom")).get("secretKeyRef")).get("name")).findFirst().orElse(null);
            assertThat(users).as("the KafkaUser whose Secret %s logs in with", Kustomized.name(d)).contains(String.valueOf(login));
        }
    }

    @Test
    void composesBrokerCountsItsRefusalsWithTheAuthorizerTheTestsBrokerRuns() throws IOException {
        // Given the compose broker
        Map<String, Object> kafka = map(composeServices().get("kafka"));

        // Then it names the tests' authorizer (refusals counted and logged once), not the plain StandardAuthorizer
        assertThat(map(kafka.get("environment")).get("KAFKA_AUTHORIZER_CLASS_NAME"))
                .isEqualTo(dev.spotshift.infra.KafkaBrokerProcess.AUTHORIZER);
        // and the image can load it: the jar local-infra builds, mounted on the image's class path
        assertThat(list(kafka.get("volumes"))).map(String::valueOf)
                .anyMatch(v -> v.matches("\\./local-infra/target/local-infra-[^:]+\\.jar:/opt/kafka/libs/[^:]+\\.jar(:ro)?"));
        assertThat(ROOT.resolve("local-infra/src/main/java/"
                + dev.spotshift.infra.KafkaBrokerProcess.AUTHORIZER.replace('.', '/') + ".java")).exists();
    }

    @Test
    void everyPodMeetsTheRestrictedPodSecurityStandard() {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> d : Kustomized.ofKind(local(), "Deployment")) {
            problems.addAll(restrictedProblems(d));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theRestrictedCheckNoticesAWritableRootFilesystem() {
        Map<String, Object> d = Kustomized.ofKind(local(), "Deployment").get(0);
        map(map(containers(d).get(0)).get("securityContext")).put("readOnlyRootFilesystem", false);
        assertThat(restrictedProblems(d)).anyMatch(p -> p.contains("readOnlyRootFilesystem"));
    }

    /** The restricted profile's rules, and a writable emptyDir at /tmp (Kafka Streams state, the JVM's temp files). */
    static List<String> restrictedProblems(Map<String, Object> deployment) {
        String name = Kustomized.name(deployment);
        List<String> problems = new ArrayList<>();
        Map<String, Object> pod = map(map(map(deployment.get("spec")).get("template")).get("spec"));
        Map<String, Object> podContext = map(pod.get("securityContext"));
        if (!Boolean.TRUE.equals(podContext.get("runAsNonRoot"))) {
            problems.add(name + ": pod runAsNonRoot is not true");
        }
        if (!"RuntimeDefault".equals(map(podContext.get("seccompProfile")).get("type"))) {
            problems.add(name + ": pod seccompProfile is not RuntimeDefault");
        }
        Set<String> emptyDirs = new TreeSet<>();
        for (Object v : list(pod.get("volumes"))) {
            if (map(v).containsKey("emptyDir")) {
                emptyDirs.add((String) map(v).get("name"));
            }
        }
        for (Object o : containers(deployment)) {
            Map<String, Object> c = map(o);
            Map<String, Object> sc = map(c.get("securityContext"));
            String where = name + "/" + c.get("name");
            if (!Boolean.FALSE.equals(sc.get("allowPrivilegeEscalation"))) {
                problems.add(where + ": allowPrivilegeEscalation is not false");
            }
            if (!Boolean.TRUE.equals(sc.get("readOnlyRootFilesystem"))) {
                problems.add(where + ": readOnlyRootFilesystem is not true");
            }
            if (!list(map(sc.get("capabilities")).get("drop")).contains("ALL")) {
                problems.add(where + ": capabilities do not drop ALL");
            }
            boolean tmp = list(c.get("volumeMounts")).stream()
                    .anyMatch(m -> "/tmp".equals(map(m).get("mountPath")) && emptyDirs.contains(map(m).get("name")));
            if (!tmp) {
                problems.add(where + ": no emptyDir at /tmp on a read-only root");
            }
        }
        return problems;
    }

    /** Quarkus reads config/application.properties in its working directory (the images' WORKDIR). */
    static final String CONFIG_FILE = "/deployments/config/application.properties";
    static final String BOOTSTRAP = "KAFKA_BOOTSTRAP_SERVERS";
    static final String REGISTRY = "MP_MESSAGING_CONNECTOR_SMALLRYE_KAFKA_APICURIO_REGISTRY_URL";

    private static List<Map<String, Object>> base() {
        return Kustomized.render(ROOT.resolve("k8s/base"));
    }

    private static List<Map<String, Object>> local() {
        return Kustomized.render(ROOT.resolve("k8s/overlays/local"));
    }

    private static Set<String> propertyKeys(String content) {
        java.util.Properties p = new java.util.Properties();
        try {
            p.load(new java.io.StringReader(content));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TreeSet<>(p.stringPropertyNames());
    }

    private static String pom(String module) {
        try {
            return Files.readString(ROOT.resolve(module).resolve("pom.xml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> composeServices() throws IOException {
        return map(map(new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")))).get("services"));
    }

    /** The module a compose service builds, if it is one of ours. */
    private static String composeModule(Map<String, Object> service) {
        Object context = map(service.get("build")).get("context");
        return context == null ? null : Path.of((String) context).getFileName().toString();
    }

    /** The module whose image a Deployment runs ({@code spotshift/<module>:<version>}), if it is one of ours. */
    private static String imageModule(Map<String, Object> deployment) {
        String image = (String) map(containers(deployment).get(0)).get("image");
        return image.startsWith("spotshift/") ? image.substring("spotshift/".length()).replaceFirst(":.*", "") : null;
    }

    private static List<Object> containers(Map<String, Object> deployment) {
        return list(map(map(map(deployment.get("spec")).get("template")).get("spec")).get("containers"));
    }

    private static Map<String, String> env(Map<String, Object> container) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Object e : list(container.get("env"))) {
            out.put((String) map(e).get("name"), String.valueOf(map(e).get("value")));
        }
        return out;
    }

    /** Every variable the first container gets: its env entries and the keys of the ConfigMaps it takes whole. */
    private static Set<String> environment(Map<String, Object> deployment, List<Map<String, Object>> docs) {
        Map<String, Object> c = map(containers(deployment).get(0));
        Set<String> vars = new TreeSet<>(env(c).keySet());
        for (Object from : list(c.get("envFrom"))) {
            Object ref = map(map(from).get("configMapRef")).get("name");
            if (ref != null) {
                Map<String, Object> cm = Kustomized.ofKind(docs, "ConfigMap").stream()
                        .filter(x -> ref.equals(Kustomized.name(x))).findFirst()
                        .orElseThrow(() -> new AssertionError(Kustomized.name(deployment) + " takes a missing ConfigMap " + ref));
                vars.addAll(map(cm.get("data")).keySet());
            }
        }
        return vars;
    }

    static List<String> probeProblems(Map<String, Object> deployment) {
        List<String> problems = new ArrayList<>();
        for (Object o : containers(deployment)) {
            Map<String, Object> c = map(o);
            Set<String> exposed = new TreeSet<>();
            for (Object p : list(c.get("ports"))) {
                exposed.add(String.valueOf(map(p).get("name")));
                exposed.add(String.valueOf(map(p).get("containerPort")));
            }
            if (!c.containsKey("livenessProbe")) {
                problems.add(c.get("name") + " has no liveness probe");
            }
            for (String kind : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                Map<String, Object> probe = map(c.get(kind));
                for (String handler : List.of("httpGet", "tcpSocket", "grpc")) {
                    Object port = map(probe.get(handler)).get("port");
                    if (probe.containsKey(handler) && !exposed.contains(String.valueOf(port))) {
                        problems.add(c.get("name") + " " + kind + " targets port " + port + ", exposed: " + exposed);
                    }
                }
                if (probe.containsKey("exec") && list(map(probe.get("exec")).get("command")).isEmpty()) {
                    problems.add(c.get("name") + " " + kind + " runs no command");
                }
            }
        }
        return problems;
    }

    static List<String> budgetProblems(List<Map<String, Object>> docs) {
        List<Map<String, Object>> budgets = Kustomized.ofKind(docs, "PodDisruptionBudget");
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> d : Kustomized.ofKind(docs, "Deployment")) {
            Map<String, Object> labels = map(map(map(map(d.get("spec")).get("template")).get("metadata")).get("labels"));
            boolean covered = budgets.stream().anyMatch(b -> {
                Map<String, Object> selector = map(map(map(b.get("spec")).get("selector")).get("matchLabels"));
                return !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
            });
            if (!covered) {
                problems.add("no PodDisruptionBudget selects the pods of " + Kustomized.name(d));
            }
        }
        for (Map<String, Object> b : budgets) {
            Map<String, Object> spec = map(b.get("spec"));
            if (!spec.containsKey("maxUnavailable") && !spec.containsKey("minAvailable")) {
                problems.add("PodDisruptionBudget " + Kustomized.name(b) + " limits nothing");
            }
        }
        return problems;
    }

    private static List<String> copySources(List<String> dockerfile) {
        return dockerfile.stream().filter(l -> l.startsWith("COPY"))
                .map(l -> l.replaceAll("--chown=\\S+ ", "").split("\\s+")[1]).toList();
    }

    /**
     * What is wrong with a Dockerfile's COPY sources against what {@code mvn package} makes of the module: a Quarkus
     * app's fast-jar layout, or a plain jar (target/ARTIFACT-*.jar) with its dependencies in target/lib only when
     * the pom copies them there.
     */
    static List<String> dockerfileProblems(String pom, List<String> dockerfile) {
        List<String> sources = copySources(dockerfile);
        List<String> problems = new ArrayList<>();
        if (pom.contains("quarkus-maven-plugin")) {
            if (!pom.contains("<goal>build</goal>")) {
                problems.add("a Quarkus module without the build goal makes no target/quarkus-app");
            }
            List<String> fastJar = List.of("target/quarkus-app/lib/", "target/quarkus-app/*.jar",
                    "target/quarkus-app/app/", "target/quarkus-app/quarkus/");
            if (!(sources.containsAll(fastJar) && fastJar.containsAll(sources))) {
                problems.add("COPY " + sources + " is not the fast-jar layout " + fastJar);
            }
            return problems;
        }
        Matcher artifact = Pattern.compile("</parent>\\s*<artifactId>([^<]+)</artifactId>").matcher(pom);
        String artifactId = artifact.find() ? artifact.group(1) : "?";
        boolean jar = !pom.contains("<packaging>") || pom.contains("<packaging>jar</packaging>");
        boolean libCopied = pom.contains("<goal>copy-dependencies</goal>")
                && pom.contains("<outputDirectory>${project.build.directory}/lib</outputDirectory>");
        if (sources.isEmpty()) {
            problems.add("copies nothing");
        }
        for (String src : sources) {
            boolean made = (src.equals("target/lib/") && libCopied)
                    || (jar && src.matches("target/" + Pattern.quote(artifactId) + "-(\\*|[0-9][^/]*)\\.jar"));
            if (!made) {
                problems.add(src + " is not something mvn package makes for " + artifactId);
            }
        }
        return problems;
    }

    private static boolean matchesSomething(Path module, String src) throws IOException {
        if (!src.contains("*")) {
            return Files.exists(module.resolve(src));
        }
        Path dir = module.resolve(src.substring(0, src.lastIndexOf('/')));
        var glob = dir.getFileSystem().getPathMatcher("glob:" + src.substring(src.lastIndexOf('/') + 1));
        try (var files = Files.list(dir)) {
            return files.anyMatch(f -> glob.matches(f.getFileName()));
        }
    }

    private static List<Map<String, Object>> yamlDocuments(Path file) {
        return Kustomized.Yaml1.documents(file);
    }

    private static Map<String, Object> map(Object o) {
        return Kustomized.Yaml1.map(o);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return o == null ? List.of() : (List<Object>) o;
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
