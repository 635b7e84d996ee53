package dev.spotshift.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import dev.spotshift.contract.Kustomized.Yaml1;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * charts/spotshift rendered by Helm's own engine (helm-java: helm built as a library and shipped in the jar; no helm
 * binary is installed on these machines) and held equal to the kustomize base in what matters: for every Spotshift
 * process the same Deployment (replicas, account, image, ports, probes, configuration sources, resources), Service
 * and PodDisruptionBudget, the same configuration and accounts; and its monitoring equal to k8s/monitoring's.
 * The base deploys Kafka and the registry too; the chart takes their endpoints as values.
 */
class HelmChartTest {

    private static final Path ROOT = root();
    private static final Path CHART = ROOT.resolve("charts/spotshift");
    private static final List<String> KINDS = List.of("Deployment", "Service", "PodDisruptionBudget", "ConfigMap",
            "ServiceAccount", "ClusterRole", "ClusterRoleBinding");

    @Test
    void theChartWithItsDefaultsRendersWhatTheKustomizeBaseDeploysForSpotshiftsProcesses() {
        Map<String, Map<String, Object>> chart = byKindAndName(render(t -> t));
        // NetworkPolicies differ by design (the chart fences Kafka and the registry by port: they may be outside)
        chart.keySet().removeIf(k -> !KINDS.contains(k.split("/")[0]));
        Map<String, Map<String, Object>> base = byKindAndName(Kustomized.render(ROOT.resolve("k8s/base")));
        base.keySet().removeIf(k -> !KINDS.contains(k.split("/")[0]) || k.contains("apicurio-registry"));
        base.keySet().removeIf(k -> k.equals("Secret/spotshift-secrets"));
        assertThat(chart.keySet()).as("what the chart renders").containsExactlyInAnyOrderElementsOf(base.keySet());
        for (String key : base.keySet()) {
            assertThat(whatMatters(chart.get(key))).as("%s: chart against k8s/base", key)
                    .isEqualTo(whatMatters(base.get(key)));
        }
    }

    @Test
    void theAccountTheEndpointsTheReplicasAndTheResourcesComeFromValues() {
        Map<String, Map<String, Object>> docs = byKindAndName(render(t -> t
                .set("aws.accountId", "111122223333").set("aws.region", "eu-west-1")
                .set("kafka.bootstrapServers", "b-1.msk.example:9096")
                .set("registry.url", "http://registry.example/apis/registry/v2")
                .set("services.executor-service.replicas", 2)
                .set("services.monitor-service.resources.limits.memory", "2Gi")
                .set("credentials.values.KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                .set("image.registry", "111122223333.dkr.ecr.eu-west-1.amazonaws.com/")));
        Map<String, Object> config = Yaml1.map(docs.get("ConfigMap/spotshift-config").get("data"));
        assertThat(config).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "b-1.msk.example:9096")
                .containsEntry("MP_MESSAGING_CONNECTOR_SMALLRYE_KAFKA_APICURIO_REGISTRY_URL",
                        "http://registry.example/apis/registry/v2");
        assertThat(Yaml1.map(docs.get("ConfigMap/spotshift-cloud-config").get("data")))
                .containsEntry("SPOTSHIFT_CLOUD_AWS_REGION", "eu-west-1");
        assertThat(Yaml1.map(Yaml1.map(docs.get("ServiceAccount/spotshift-aws").get("metadata")).get("annotations")))
                .containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::111122223333:role/spotshift-controller");
        assertThat(properties(docs.get("ConfigMap/cloud-bridge-properties"))).containsEntry(
                "spotshift.cloud.aws.notice-queue-url", "https://sqs.eu-west-1.amazonaws.com/111122223333/spotshift-interruptions");
        assertThat(Yaml1.map(docs.get("Deployment/executor-service").get("spec")).get("replicas")).isEqualTo(2);
        assertThat(container(docs.get("Deployment/monitor-service")).get("resources").toString()).contains("memory=2Gi");
        assertThat(container(docs.get("Deployment/console")).get("image"))
                .isEqualTo("111122223333.dkr.ecr.eu-west-1.amazonaws.com/spotshift/console:0.1.0");
        assertThat(Yaml1.map(docs.get("Secret/spotshift-secrets").get("stringData")))
                .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
    }

    @Test
    void aSecretOfYourOwnIsReferencedAndNoneIsCreated() {
        Map<String, Map<String, Object>> docs = byKindAndName(render(t -> t
                .set("credentials.existingSecret", "msk-credentials")));
        assertThat(docs).doesNotContainKey("Secret/spotshift-secrets");
        assertThat(container(docs.get("Deployment/executor-service")).get("envFrom").toString())
                .contains("name=msk-credentials");
    }

    @Test
    void itsMonitoringIsK8sMonitoringsWhenAsked() throws IOException {
        Map<String, Map<String, Object>> docs = byKindAndName(render(t -> t
                .set("monitoring.serviceMonitor", true).set("monitoring.prometheusRule", true)));
        Map<String, Map<String, Object>> monitoring = byKindAndName(new ArrayList<>(List.of(
                Yaml1.documents(ROOT.resolve("k8s/monitoring/servicemonitor.yaml")).get(0),
                Yaml1.documents(ROOT.resolve("k8s/monitoring/prometheusrule.yaml")).get(0))));
        for (String key : List.of("ServiceMonitor/spotshift", "PrometheusRule/spotshift")) {
            assertThat(docs.get(key).get("spec")).as(key).isEqualTo(monitoring.get(key).get("spec"));
        }
        assertThat(byKindAndName(render(t -> t))).doesNotContainKeys("ServiceMonitor/spotshift",
                "PrometheusRule/spotshift");
    }

    @Test
    void everyProcessTheChartDeploysIsFencedByANetworkPolicyWithHttpsOnlyWhereItCallsOut() {
        Map<String, Map<String, Object>> docs = byKindAndName(render(t -> t));
        for (String key : docs.keySet().stream().filter(k -> k.startsWith("Deployment/")).toList()) {
            String name = key.substring("Deployment/".length());
            Map<String, Object> policy = docs.get("NetworkPolicy/" + name);
            assertThat(policy).as("NetworkPolicy of %s", name).isNotNull();
            Map<String, Object> spec = Yaml1.map(policy.get("spec"));
            assertThat(Yaml1.list(spec.get("policyTypes"))).containsExactly("Ingress", "Egress");
            boolean https = spec.get("egress").toString().contains("port=443");
            assertThat(https).as("%s reaches out over HTTPS", name)
                    .isEqualTo(List.of("analyzer-service", "executor-service", "cloud-bridge", "notifier-service", "operator")
                            .contains(name));
        }
    }

    @Test
    void theChartPublishesTheSchemasBeforeEveryInstallAndUpgradeAsTheRegistrysOneWriter() throws java.io.IOException {
        // Given the chart with its defaults: the Job is a hook, which `helm template` (helm-java) leaves out of the
        // manifests, and the template names it a pre-install and pre-upgrade hook
        assertThat(render(t -> t)).noneMatch(d -> "Job".equals(d.get("kind")));
        assertThat(java.nio.file.Files.readString(CHART.resolve("templates/schemas-publish.yaml")))
                .contains("helm.sh/hook: pre-install,pre-upgrade");
        // When rendered as a plain Job, to see its body
        List<Map<String, Object>> jobs = render(t -> t.set("schemasPublish.hook", false)).stream()
                .filter(d -> "Job".equals(d.get("kind"))).toList();

        // Then one Job runs `schemas publish`
        assertThat(jobs).hasSize(1);
        Map<String, Object> job = jobs.get(0);
        Map<String, Object> c = container(job);
        assertThat(String.join(" ", Yaml1.list(c.get("args")).stream().map(String::valueOf).toList())).contains("schemas publish");
        assertThat(c.get("image")).isEqualTo("spotshift/cli:0.1.0");
        // with the publisher's token from its Secret, on the restricted profile like every pod
        assertThat(c.get("env").toString()).contains("SPOTSHIFT_REGISTRY_TOKEN_FILE",
                "MP_MESSAGING_CONNECTOR_SMALLRYE_KAFKA_APICURIO_REGISTRY_URL");
        assertThat(Yaml1.map(Yaml1.map(job.get("spec")).get("template")).toString()).contains("secretName=spotshift-registry-publisher");
        assertThat(DeploymentManifestsTest.restrictedProblems(job)).isEmpty();
    }

    @Test
    void theChartLintsClean() {
        var result = new Helm(CHART).lint().call();
        assertThat(result.isFailed()).as("helm lint: %s", result.getMessages()).isFalse();
    }

    private static List<Map<String, Object>> render(UnaryOperator<TemplateCommand> values) {
        String out = values.apply(new Helm(CHART).template().withName("spotshift").withNamespace("spotshift")).call();
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object o : new Yaml().loadAll(out)) {
            if (o != null) {
                docs.add(Yaml1.map(o));
            }
        }
        return docs;
    }

    private static Map<String, Map<String, Object>> byKindAndName(List<Map<String, Object>> docs) {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        docs.forEach(d -> out.put(d.get("kind") + "/" + Kustomized.name(d), d));
        return out;
    }

    /**
     * The parts that decide what runs and how it is reached: the spec (a Deployment's pull policy aside, which the
     * base leaves to the cluster), a ConfigMap's data (properties compared as properties, comments aside), an
     * account's annotations, labels and namespace.
     */
    private static Map<String, Object> whatMatters(Map<String, Object> doc) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> meta = Yaml1.map(doc.get("metadata"));
        m.put("namespace", meta.get("namespace"));
        m.put("labels", meta.get("labels"));
        m.put("annotations", meta.get("annotations"));
        if ("ConfigMap".equals(doc.get("kind"))) {
            Map<String, Object> data = new TreeMap<>(Yaml1.map(doc.get("data")));
            if (data.containsKey("application.properties")) {
                data.put("application.properties", properties(doc));
            }
            m.put("data", data);
        } else if ("Deployment".equals(doc.get("kind"))) {
            container(doc).remove("imagePullPolicy");
            m.put("spec", doc.get("spec"));
        } else if ("ClusterRole".equals(doc.get("kind"))) {
            m.put("rules", doc.get("rules"));
        } else if ("ClusterRoleBinding".equals(doc.get("kind"))) {
            m.put("roleRef", doc.get("roleRef"));
            m.put("subjects", doc.get("subjects"));
        } else {
            m.put("spec", doc.get("spec"));
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> container(Map<String, Object> deployment) {
        Map<String, Object> pod = Yaml1.map(Yaml1.map(Yaml1.map(deployment.get("spec")).get("template")).get("spec"));
        return (Map<String, Object>) Yaml1.list(pod.get("containers")).get(0);
    }

    private static Map<Object, Object> properties(Map<String, Object> configMap) {
        Properties p = new Properties();
        try {
            p.load(new StringReader((String) Yaml1.map(configMap.get("data")).get("application.properties")));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new TreeMap<>(p);
    }

    private static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("docker-compose.yml"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root from " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
