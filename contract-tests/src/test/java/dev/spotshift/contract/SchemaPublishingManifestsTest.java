package dev.spotshift.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * A deployment publishes the catalog's schemas once, as the registry's one writer, before the services (which only look
 * them up) start: compose runs {@code spotshift schemas publish} as a one-shot job every service waits for, Kubernetes
 * as a Job with the publisher's token from a Secret, and in both the registry refuses writes without that token.
 */
class SchemaPublishingManifestsTest {

    private static final Path ROOT = root();
    private static final String REGISTRY_URL = DeploymentManifestsTest.REGISTRY;

    @Test
    void composeAndKubernetesPublishTheSchemasBeforeTheServicesAndOnlyThePublisherMayWrite() throws IOException {
        // Given the compose file and the production base as written
        // When the publishing step and the registry's write rules are checked
        // Then nothing is missing
        assertThat(composeProblems(compose())).isEmpty();
        assertThat(kubernetesProblems(Kustomized.render(ROOT.resolve("k8s/base")))).isEmpty();
    }

    @Test
    void theLocalOverlayMakesItsRegistryKeyAndTokensAtDeployTimeWithOneReaderTokenForEveryProcess() throws IOException {
        // Given the local overlay as kustomize renders it
        List<Map<String, Object>> local = Kustomized.render(ROOT.resolve("k8s/overlays/local"));

        // When its registry credentials are checked
        Map<String, Map<String, Object>> secrets = new java.util.HashMap<>();
        Kustomized.ofKind(local, "Secret").forEach(d -> secrets.put(Kustomized.name(d), map(d.get("data"))));

        // Then every process (the simulator too) reads with its own token, and the publisher's Secret is there
        assertThat(kubernetesProblems(local)).isEmpty();
        assertThat(secrets.get("spotshift-registry-publisher")).containsOnlyKeys("token");
        List<Object> logins = Kustomized.ofKind(local, "Deployment").stream()
                .map(d -> envFrom(container(d), "KAFKA_SASL_JAAS_CONFIG").get("name")).filter(java.util.Objects::nonNull).toList();
        assertThat(logins).contains("workload-simulator", "analyzer");
        assertThat(secrets.get("spotshift-registry-readers")).containsOnlyKeys(logins.stream().map(String::valueOf).toArray(String[]::new));
        // made from files on the deploying machine, in a directory git ignores: no secret is committed
        assertThat(List.of(secrets.get("spotshift-registry-publisher"), secrets.get("spotshift-registry-readers"),
                secrets.get("spotshift-registry-issuer"))).allSatisfy(data -> assertThat(data.values())
                .allSatisfy(v -> assertThat(String.valueOf(v)).startsWith("generated-from:credentials/")));
        assertThat(Files.readAllLines(ROOT.resolve(".gitignore"))).contains("k8s/overlays/local/credentials/");
        // and the registry trusts the issuer minted with them
        Map<String, Object> registry = Kustomized.ofKind(local, "Deployment").stream()
                .filter(d -> "apicurio-registry".equals(Kustomized.name(d))).findFirst().orElseThrow();
        assertThat(envFrom(container(registry), "QUARKUS_OIDC_PUBLIC_KEY"))
                .containsEntry("name", "spotshift-registry-issuer").containsEntry("key", "public-key");
    }

    @Test
    void theCheckNoticesAServiceThatStartsBeforeTheSchemasAreInAndARegistryOpenToWrites() throws IOException {
        // Given a compose file whose monitor no longer waits for the job, and whose registry takes anonymous writes
        Map<String, Object> compose = compose();
        map(map(map(compose.get("services")).get("monitor-service")).get("depends_on")).remove("schemas");
        map(map(map(compose.get("services")).get("registry")).get("environment")).put("REGISTRY_AUTH_ENABLED", "false");
        // and a base whose Job is gone
        List<Map<String, Object>> base = new ArrayList<>(Kustomized.render(ROOT.resolve("k8s/base")));
        base.removeIf(d -> "Job".equals(d.get("kind")));

        // Then each is named
        assertThat(composeProblems(compose)).anyMatch(p -> p.contains("monitor-service"))
                .anyMatch(p -> p.contains("REGISTRY_AUTH_ENABLED"));
        assertThat(kubernetesProblems(base)).anyMatch(p -> p.contains("no Job"));
    }

    static List<String> composeProblems(Map<String, Object> compose) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> services = map(compose.get("services"));
        Map<String, Object> job = map(services.get("schemas"));
        if (!String.join(" ", strings(job.get("command"))).contains("schemas publish")) {
            problems.add("compose: no schemas job running `schemas publish`");
        }
        Map<String, Object> jobEnv = map(job.get("environment"));
        if (!jobEnv.containsKey(REGISTRY_URL) || !jobEnv.containsKey("SPOTSHIFT_REGISTRY_TOKEN")) {
            problems.add("compose: the schemas job is not given the registry and the publisher's token: " + jobEnv.keySet());
        }
        for (var e : services.entrySet()) {
            boolean ours = map(map(e.getValue()).get("build")).containsKey("context");
            Object condition = map(map(map(e.getValue()).get("depends_on")).get("schemas")).get("condition");
            if (ours && !"service_completed_successfully".equals(condition)) {
                problems.add("compose: " + e.getKey() + " does not wait for the schemas job to succeed");
            }
            String login = login(String.valueOf(map(map(e.getValue()).get("environment")).get("KAFKA_SASL_JAAS_CONFIG")));
            Object token = map(map(e.getValue()).get("environment")).get("SPOTSHIFT_REGISTRY_TOKEN");
            String own = "${SPOTSHIFT_REGISTRY_TOKEN_" + String.valueOf(login).toUpperCase(java.util.Locale.ROOT).replace('-', '_') + ":-}";
            if (ours && (login == null || !own.equals(token))) {
                problems.add("compose: " + e.getKey() + " does not read the registry with its own token " + own + ": " + token);
            }
        }
        problems.addAll(registryProblems("compose", map(map(services.get("registry")).get("environment"))));
        return problems;
    }

    static List<String> kubernetesProblems(List<Map<String, Object>> docs) {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> d : Kustomized.ofKind(docs, "Deployment")) {
            Map<String, Object> jaas = envFrom(container(d), "KAFKA_SASL_JAAS_CONFIG");
            if (jaas.isEmpty()) {
                continue; // not a Spotshift process (the registry)
            }
            Object login = jaas.get("name");
            Map<String, Object> token = envFrom(container(d), "SPOTSHIFT_REGISTRY_TOKEN");
            if (!"spotshift-registry-readers".equals(token.get("name")) || !java.util.Objects.equals(login, token.get("key"))) {
                problems.add("k8s: " + Kustomized.name(d) + " does not read the registry with its own token (key " + login
                        + " of spotshift-registry-readers): " + token);
            }
        }
        Map<String, Object> auth = Kustomized.ofKind(docs, "ConfigMap").stream()
                .filter(c -> "apicurio-registry-auth".equals(Kustomized.name(c))).findFirst().orElse(Map.of());
        if (String.valueOf(auth.get("data")).contains("REPLACE")) {
            problems.add("k8s: a placeholder in apicurio-registry-auth: " + auth.get("data"));
        }
        List<Map<String, Object>> jobs = Kustomized.ofKind(docs, "Job").stream()
                .filter(j -> String.join(" ", strings(container(j).get("args"))).contains("schemas publish")).toList();
        if (jobs.size() != 1) {
            problems.add("k8s: no Job (or more than one) running `schemas publish`: " + jobs.size());
        }
        for (Map<String, Object> job : jobs) {
            Map<String, Object> c = container(job);
            if (!String.valueOf(c.get("image")).startsWith("spotshift/cli:")) {
                problems.add("k8s: the Job runs " + c.get("image") + ", not the CLI's image");
            }
            List<String> env = list(c.get("env")).stream().map(v -> String.valueOf(map(v).get("name"))).toList();
            if (!env.contains(REGISTRY_URL) || !env.contains("SPOTSHIFT_REGISTRY_TOKEN_FILE")) {
                problems.add("k8s: the Job is not given the registry and the publisher's token file: " + env);
            }
            boolean fromSecret = list(pod(job).get("volumes")).stream()
                    .anyMatch(v -> "spotshift-registry-publisher".equals(map(map(v).get("secret")).get("secretName")));
            if (!fromSecret) {
                problems.add("k8s: the publisher's token does not come from the Secret spotshift-registry-publisher");
            }
            problems.addAll(DeploymentManifestsTest.restrictedProblems(job));
            Object label = map(map(map(map(job.get("spec")).get("template")).get("metadata")).get("labels"))
                    .get("app.kubernetes.io/name");
            boolean fenced = Kustomized.ofKind(docs, "NetworkPolicy").stream().anyMatch(p -> label != null
                    && label.equals(map(map(map(p.get("spec")).get("podSelector")).get("matchLabels")).get("app.kubernetes.io/name")));
            if (!fenced) {
                problems.add("k8s: no NetworkPolicy selects the Job's pod " + label);
            }
        }
        Map<String, Object> registry = Kustomized.ofKind(docs, "Deployment").stream()
                .filter(d -> "apicurio-registry".equals(Kustomized.name(d))).findFirst().orElse(Map.of());
        Map<String, Object> registryEnv = new java.util.HashMap<>();
        list(container(registry).get("env")).forEach(v -> registryEnv.put(String.valueOf(map(v).get("name")), map(v).get("value")));
        problems.addAll(registryProblems("k8s", registryEnv));
        return problems;
    }

    /** Apicurio 2.x: authentication on, roles from the token, no anonymous reads (every reader has a token). */
    private static List<String> registryProblems(String where, Map<String, Object> env) {
        List<String> problems = new ArrayList<>();
        for (String on : List.of("REGISTRY_AUTH_ENABLED", "REGISTRY_AUTH_RBAC_ENABLED")) {
            if (!"true".equals(String.valueOf(env.get(on)))) {
                problems.add(where + ": the registry's " + on + " is " + env.get(on) + ", not true");
            }
        }
        if (!"false".equals(String.valueOf(env.get("REGISTRY_AUTH_ANONYMOUS_READS_ENABLED")))) {
            problems.add(where + ": the registry's REGISTRY_AUTH_ANONYMOUS_READS_ENABLED is "
                    + env.get("REGISTRY_AUTH_ANONYMOUS_READS_ENABLED") + ", not false");
        }
        if (!"token".equals(env.get("REGISTRY_AUTH_ROLE_SOURCE"))) {
            problems.add(where + ": the registry's roles do not come from the token");
        }
        return problems;
    }

    /** The login in a SCRAM JAAS line ({@code username="analyzer"}), or null. */
    private static String login(String jaas) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("username=\"([^\"]+)\"").matcher(jaas);
        return m.find() ? m.group(1) : null;
    }

    /** The secretKeyRef of the container's variable {@code name}, empty when it has none. */
    private static Map<String, Object> envFrom(Map<String, Object> container, String name) {
        return list(container.get("env")).stream().map(SchemaPublishingManifestsTest::map)
                .filter(v -> name.equals(v.get("name"))).findFirst()
                .map(v -> map(map(v.get("valueFrom")).get("secretKeyRef"))).orElse(Map.of());
    }

    private static Path root() {
        Path p = Path.of(System.getProperty("spotshift.home", "")).toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("docker-compose.yml"))) {
            p = p.getParent();
        }
        return java.util.Objects.requireNonNull(p, "the repository root (docker-compose.yml)");
    }

    private static Map<String, Object> compose() throws IOException {
        return map(new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml"))));
    }

    private static Map<String, Object> pod(Map<String, Object> workload) {
        return map(map(map(workload.get("spec")).get("template")).get("spec"));
    }

    private static Map<String, Object> container(Map<String, Object> workload) {
        List<Object> containers = list(pod(workload).get("containers"));
        return containers.isEmpty() ? Map.of() : map(containers.get(0));
    }

    private static List<String> strings(Object o) {
        return list(o).stream().map(String::valueOf).toList();
    }

    private static Map<String, Object> map(Object o) {
        return Kustomized.Yaml1.map(o);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return o == null ? List.of() : (List<Object>) o;
    }
}
