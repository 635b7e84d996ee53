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
        }
        problems.addAll(registryProblems("compose", map(map(services.get("registry")).get("environment"))));
        return problems;
    }

    static List<String> kubernetesProblems(List<Map<String, Object>> docs) {
        List<String> problems = new ArrayList<>();
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

    /** Apicurio 2.x: authentication on, roles from the token, anonymous reads (the services' lookups) allowed. */
    private static List<String> registryProblems(String where, Map<String, Object> env) {
        List<String> problems = new ArrayList<>();
        for (String on : List.of("REGISTRY_AUTH_ENABLED", "REGISTRY_AUTH_RBAC_ENABLED", "REGISTRY_AUTH_ANONYMOUS_READS_ENABLED")) {
            if (!"true".equals(String.valueOf(env.get(on)))) {
                problems.add(where + ": the registry's " + on + " is " + env.get(on) + ", not true");
            }
        }
        if (!"token".equals(env.get("REGISTRY_AUTH_ROLE_SOURCE"))) {
            problems.add(where + ": the registry's roles do not come from the token");
        }
        return problems;
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
