package dev.spotshift.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.spotshift.cli.TopicReader;
import dev.spotshift.demo.DemoStack;
import dev.spotshift.demo.ServiceProcess;
import dev.spotshift.events.MigrationPlanSubmitted;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.OperatorAction;
import dev.spotshift.events.OperatorCommand;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.access.Principal;
import dev.spotshift.simulator.domain.Scenario;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The operator's packaged jar on the real stack: MigrationPlan resources on a Kubernetes API, the migration run by the
 * real services on the real broker (SASL/SCRAM, the catalog's ACLs: the operator logs in as {@code plan-operator}) and
 * registry. The Kubernetes API is fabric8's mock server in CRUD mode with the shipped CRD (k8s/crd/) applied: no API
 * server or Docker can run on these machines. Each resource is created and deleted as {@code kubectl} would. The
 * invalid spec goes last, so "no plan event of it" is read from a topic that holds the others'.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MigrationPlanOperatorIT {

    private static final String NS = "pilots";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ResourceDefinitionContext PLANS = new ResourceDefinitionContext.Builder()
            .withGroup("spotshift.dev").withVersion("v1").withKind("MigrationPlan").withPlural("migrationplans")
            .withNamespaced(true).build();

    /** The mock server logs every request at INFO; held here so the level set on it stays (JUL keeps loggers weakly). */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private static KubernetesMockServer apiServer;
    private static KubernetesClient kubectl;
    private static ServiceProcess operator;

    @BeforeAll
    static void startTheOperatorOnAKubernetesApi() throws Exception {
        DemoStack stack = E2eStack.stack();
        // The first case expects COMPLETED: a workload that behaves on spot, whatever scenario the class before left
        stack.useScenario(Scenario.HAPPY);
        E2eStack.requireAllServices();
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
        apiServer = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of()), false);
        apiServer.init(InetAddress.getByName("127.0.0.1"), 0);
        kubectl = apiServer.createClient();
        // What an install applies first: the CRD as shipped, and the namespace the plans live in
        try (var in = Files.newInputStream(E2eStack.home().resolve("k8s/crd/migrationplans.spotshift.dev-v1.yaml"))) {
            kubectl.apiextensions().v1().customResourceDefinitions()
                    .resource(Serialization.unmarshal(in, CustomResourceDefinition.class)).create();
        }
        kubectl.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();

        Path jar = DemoStack.runJar("operator");
        assertThat(jar).as("the operator's packaged jar (mvn -B -q -pl operator -am install -DskipTests)").isRegularFile();
        Map<String, String> config = new HashMap<>(stack.infra().quarkusConfig(Principal.PLAN_OPERATOR));
        config.put("quarkus.kubernetes-client.api-server-url", apiServer.url("/"));
        config.put("quarkus.kubernetes-client.trust-certs", "true");
        config.put("spotshift.operator.namespaces", NS);
        // its own token of the stack's issuer, which its aborts carry and name (the executor checks them)
        config.put("spotshift.operator.command-token", E2eStack.operatorToken(Principal.PLAN_OPERATOR.user()));
        config.put("quarkus.log.console.format", "%d{HH:mm:ss.SSS} %-5p [%c{2.}] %s%e%n");
        operator = ServiceProcess.start("operator", jar, config, "256m");
        boolean ready = operator.awaitReady(stack.options().readyTimeout());
        assertThat(ready).as("operator ready; last lines of %s:%n%s", operator.logFile(), operator.logTail(30)).isTrue();
    }

    @AfterAll
    static void stop() {
        if (operator != null) {
            operator.close();
        }
        if (kubectl != null) {
            kubectl.close();
        }
        if (apiServer != null) {
            apiServer.destroy();
        }
    }

    @Test
    @Order(1)
    void createdResourceStartsAMigrationWhoseStatusItFollowsToCompleted() throws Exception {
        // Given the demo plan in its fast two-step shape, as a MigrationPlan resource
        E2eStack.groupFree();
        ObjectNode spec = demoSpec();
        ((ObjectNode) spec.get("rollout")).putArray("stepsPercent").add(50).add(100);
        GenericKubernetesResource plan = resource("etl-" + suffix(), spec);

        // When it is created
        plans().resource(plan).create();

        // Then the operator submits it, and the real services run it
        String planId = awaitPlanIds(plan).get(0);
        E2eStack.submittedElsewhere(planId);
        MigrationPlanSubmitted submitted = await().atMost(Duration.ofSeconds(60)).until(
                () -> E2eStack.events(Topics.MIGRATION_PLANS, planId), l -> !l.isEmpty()).get(0);
        assertThat(submitted.getSubmittedBy()).isEqualTo("kubernetes:MigrationPlan/" + NS + "/" + name(plan));

        // And the resource's status follows migration-status, stage by stage, to COMPLETED
        Set<String> stagesSeen = new LinkedHashSet<>();
        await().atMost(E2eStack.MIGRATION_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .alias("status of " + name(plan) + " COMPLETED; stages seen " + stagesSeen)
                .until(() -> {
                    Map<String, Object> s = status(plan);
                    if (s != null && s.get("stage") != null) {
                        stagesSeen.add((String) s.get("stage"));
                    }
                    return s != null && "COMPLETED".equals(s.get("stage"));
                });
        MigrationStatus onTheLog = E2eStack.status(planId);
        assertThat(onTheLog.getStage()).isEqualTo(MigrationStage.COMPLETED);
        Map<String, Object> done = status(plan);
        assertThat(done.get("spotPercent")).isEqualTo(100);
        assertThat((String) done.get("savings")).as("savings as migration-status has them").startsWith("$");
        assertThat(stagesSeen).as("the stages the resource showed on the way").contains("SHIFTING")
                .last().isEqualTo("COMPLETED");
        assertThat(condition(plan, "Valid")).containsEntry("status", "True");
        assertThat(migrations(plan)).singleElement().satisfies(m -> {
            assertThat(m).containsEntry("planId", planId).containsEntry("terminal", true);
            assertThat(m.get("steps")).isEqualTo(2);
        });
    }

    @Test
    @Order(2)
    void deletingTheResourceOfALiveMigrationAbortsIt() throws Exception {
        // Given a resource whose migration is live, part of the group already on spot
        E2eStack.groupFree();
        GenericKubernetesResource plan = resource("live-" + suffix(), demoSpec());
        plans().resource(plan).create();
        String planId = awaitPlanIds(plan).get(0);
        E2eStack.submittedElsewhere(planId);
        await().atMost(E2eStack.MIGRATION_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .alias(name(plan) + " on spot in part")
                .until(() -> {
                    Map<String, Object> s = status(plan);
                    return s != null && s.get("spotPercent") instanceof Integer p && p > 0;
                });
        assertThat(E2eStack.status(planId).getTerminal()).isFalse();

        // When the resource is deleted
        plans().resource(plan).delete();
        await().atMost(Duration.ofSeconds(60)).until(() -> plans().withName(name(plan)).get() == null);

        // Then the operator, as its own principal, sent the abort the CLI's `spotshift abort` would
        List<OperatorCommand> commands = E2eStack.events(Topics.OPERATOR_COMMANDS, planId);
        assertThat(commands).singleElement().satisfies(c -> {
            assertThat(c.getAction()).isEqualTo(OperatorAction.ABORT);
            assertThat(c.getOperator()).isEqualTo(Principal.PLAN_OPERATOR.user());
            assertThat(c.getReason()).contains(NS + "/" + name(plan)).contains("deleted");
            assertThat(c.getEnvelope().getProducer()).startsWith("spotshift-operator/");
        });
        // And the executor rolled the group back to on-demand and ended the migration ABORTED
        MigrationStatus end = E2eStack.awaitFinal(planId);
        assertThat(end.getStage()).isEqualTo(MigrationStage.ABORTED);
        assertThat(end.getSpotPercent()).isZero();
    }

    @Test
    @Order(3)
    void invalidSpecGetsLocatedErrorsInItsConditionsAndNoPlanEvent() throws Exception {
        // Given a spec whose steps go down
        ObjectNode spec = demoSpec();
        ((ObjectNode) spec.get("rollout")).putArray("stepsPercent").add(50).add(25);
        GenericKubernetesResource plan = resource("bad-" + suffix(), spec);

        // When it is created
        plans().resource(plan).create();

        // Then Valid is False and names the field as the resource names it
        await().atMost(Duration.ofSeconds(60)).until(() -> status(plan) != null && condition(plan, "Valid") != null);
        assertThat(condition(plan, "Valid")).containsEntry("status", "False").containsEntry("reason", "InvalidSpec");
        assertThat((String) condition(plan, "Valid").get("message")).contains("spec.rollout.stepsPercent");
        assertThat(condition(plan, "Submitted")).containsEntry("status", "False");
        assertThat((List<?>) status(plan).get("planIds")).as("planIds (an empty list is left out)").isNullOrEmpty();
        // And nothing of it is on migration-plans (the operator publishes before it writes a status)
        List<MigrationPlanSubmitted> all = new ArrayList<>();
        try (TopicReader<MigrationPlanSubmitted> reader = new TopicReader<>(E2eStack.connection(Principal.AUDIT),
                Topics.MIGRATION_PLANS, E2eStack.quiet())) {
            reader.readToEnd(r -> all.add(r.value()));
        }
        assertThat(all).as("every plan event on migration-plans").isNotEmpty()
                .noneMatch(e -> e.getSubmittedBy().endsWith("/" + name(plan)));
    }

    private static NonNamespaceOperation<GenericKubernetesResource, ?, Resource<GenericKubernetesResource>> plans() {
        return kubectl.genericKubernetesResources(PLANS).inNamespace(NS);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> status(GenericKubernetesResource plan) {
        GenericKubernetesResource now = plans().withName(name(plan)).get();
        return now == null ? null : (Map<String, Object>) now.getAdditionalProperties().get("status");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> condition(GenericKubernetesResource plan, String type) {
        List<Map<String, Object>> conditions = (List<Map<String, Object>>) status(plan).get("conditions");
        return conditions == null ? null
                : conditions.stream().filter(c -> type.equals(c.get("type"))).findFirst().orElse(null);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> migrations(GenericKubernetesResource plan) {
        return (List<Map<String, Object>>) status(plan).get("migrations");
    }

    @SuppressWarnings("unchecked")
    private static List<String> awaitPlanIds(GenericKubernetesResource plan) {
        await().atMost(Duration.ofSeconds(60)).alias("planIds in the status of " + name(plan))
                .until(() -> status(plan) != null && status(plan).get("planIds") instanceof List<?> l && !l.isEmpty());
        return (List<String>) status(plan).get("planIds");
    }

    private static GenericKubernetesResource resource(String name, ObjectNode spec) {
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion("spotshift.dev/v1");
        r.setKind("MigrationPlan");
        r.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        r.setAdditionalProperty("spec", JSON.convertValue(spec, Map.class));
        return r;
    }

    private static String name(GenericKubernetesResource r) {
        return r.getMetadata().getName();
    }

    /** The demo's plan file as a resource's spec: less the apiVersion and kind the resource has of its own. */
    private static ObjectNode demoSpec() throws Exception {
        ObjectNode file = (ObjectNode) new ObjectMapper(new YAMLFactory()).readTree(
                Files.readString(E2eStack.home().resolve("examples/demo/demo-nightly-etl.yaml")));
        file.remove("apiVersion");
        file.remove("kind");
        return file;
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
