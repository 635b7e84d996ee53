package dev.spotshift.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.spotshift.events.MigrationPlanSubmitted;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.OperatorAction;
import dev.spotshift.events.OperatorCommand;
import dev.spotshift.infra.quarkus.LocalInfraTestResource;
import dev.spotshift.operator.crd.MigrationPlanResource;
import dev.spotshift.operator.crd.MigrationPlanStatus;
import dev.spotshift.operator.domain.Conditions;
import dev.spotshift.operator.kafka.EventPublisher;
import dev.spotshift.schemas.Topics;
import dev.spotshift.testsupport.BrokerClient;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The operator against a Kubernetes API (the fabric8 mock server in CRUD mode: no API server runs here) and the real
 * broker and registry of local-infra. The monitor's migration-status records are played by the test.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = MigrationPlanCrd.class)
@WithTestResource(LocalInfraTestResource.class)
class MigrationPlanOperatorTest {

    private static final String NS = "pilots";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    KubernetesClient client;

    @Inject
    EventPublisher publisher;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url")
    String registry;

    @Test
    void createdPlanIsSubmittedAndItsStatusFollowsMigrationStatusToCompleted() throws Exception {
        // Given the demo's plan file as a MigrationPlan resource
        MigrationPlanResource plan = resource("etl-" + suffix(), demoSpec());

        // When it is created
        plans().resource(plan).create();

        // Then its one workload is submitted to migration-plans under the planId its status names
        String planId = awaitPlanIds(plan).get(0);
        await().atMost(WAIT).until(() -> submitted(planId).size() == 1);
        MigrationPlanSubmitted event = submitted(planId).get(0);
        assertThat(event.getPlan().getWorkload().getName()).isEqualTo("nightly_etl_batch");
        assertThat(event.getSubmittedBy()).isEqualTo("kubernetes:MigrationPlan/" + NS + "/" + plan.getMetadata().getName());
        assertThat(condition(plan, Conditions.VALID).status).isEqualTo("True");

        // And its status follows migration-status: half way, then COMPLETED
        publishStatus(planId, MigrationStage.SHIFTING, false, 50, 1, 2_300L);
        await().atMost(WAIT).until(() -> "SHIFTING".equals(status(plan).stage) && status(plan).spotPercent == 50);
        assertThat(status(plan).migrations.get(0).step).as("1-based, as people count").isEqualTo(2);

        publishStatus(planId, MigrationStage.COMPLETED, true, 100, 3, 2_300_000L);
        await().atMost(WAIT).until(() -> "COMPLETED".equals(status(plan).stage));
        MigrationPlanStatus done = status(plan);
        assertThat(done.spotPercent).isEqualTo(100);
        assertThat(done.savings).isEqualTo("$2.3000 (39%)");
        assertThat(done.migrations).singleElement().satisfies(m -> assertThat(m.terminal).isTrue());
    }

    @Test
    void invalidSpecGetsLocatedErrorsInItsConditionsAndNoPlanEvent() throws Exception {
        // Given a plan whose steps go down and whose region is unknown
        JsonNode spec = demoSpec();
        ((com.fasterxml.jackson.databind.node.ObjectNode) spec.get("rollout")).putArray("stepsPercent").add(50).add(25);
        MigrationPlanResource plan = resource("bad-" + suffix(), spec);
        double refusedBefore = refusedSpecs();

        // When it is created
        plans().resource(plan).create();

        // Then the Valid condition is False and names where the spec is wrong, as the resource names its fields
        await().atMost(WAIT).until(() -> status(plan) != null && condition(plan, Conditions.VALID) != null);
        MigrationPlanStatus status = status(plan);
        assertThat(condition(plan, Conditions.VALID).status).isEqualTo("False");
        assertThat(condition(plan, Conditions.VALID).message).contains("spec.rollout.stepsPercent");
        assertThat(condition(plan, Conditions.SUBMITTED).status).isEqualTo("False");
        assertThat(status.planIds).isEmpty();
        // And the refusal is counted for the operator's dashboards and alerts
        assertThat(refusedSpecs()).isEqualTo(refusedBefore + 1);
        // And nothing of it reached migration-plans (the operator publishes before it writes a status)
        assertThat(readAll(Topics.MIGRATION_PLANS))
                .noneMatch(e -> e.getSubmittedBy().endsWith("/" + plan.getMetadata().getName()));
    }

    @Test
    void deletingALivePlanAbortsItAndAFinishedOneIsLeftAlone() throws Exception {
        // Given two submitted plans, one still shifting and one completed
        MigrationPlanResource live = resource("live-" + suffix(), demoSpec());
        MigrationPlanResource finished = resource("done-" + suffix(), demoSpec());
        plans().resource(live).create();
        plans().resource(finished).create();
        String liveId = awaitPlanIds(live).get(0);
        String finishedId = awaitPlanIds(finished).get(0);
        publishStatus(liveId, MigrationStage.SHIFTING, false, 25, 0, 0L);
        publishStatus(finishedId, MigrationStage.COMPLETED, true, 100, 3, 1_000L);
        await().atMost(WAIT).until(() -> "SHIFTING".equals(status(live).stage) && "COMPLETED".equals(status(finished).stage));

        // When both are deleted
        plans().resource(finished).delete();
        await().atMost(WAIT).until(() -> plans().withName(finished.getMetadata().getName()).get() == null);
        plans().resource(live).delete();
        await().atMost(WAIT).until(() -> plans().withName(live.getMetadata().getName()).get() == null);

        // Then the live one was aborted, as the CLI's `spotshift abort` would, and the finished one was not
        List<OperatorCommand> commands = readAll(Topics.OPERATOR_COMMANDS);
        assertThat(commands).filteredOn(c -> c.getEnvelope().getPlanId().equals(liveId)).singleElement()
                .satisfies(c -> {
                    assertThat(c.getAction()).isEqualTo(OperatorAction.ABORT);
                    assertThat(c.getReason()).contains("deleted");
                });
        assertThat(commands).noneMatch(c -> c.getEnvelope().getPlanId().equals(finishedId));
    }

    private io.fabric8.kubernetes.client.dsl.MixedOperation<MigrationPlanResource, ?,
            io.fabric8.kubernetes.client.dsl.Resource<MigrationPlanResource>> plansAll() {
        return client.resources(MigrationPlanResource.class);
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<MigrationPlanResource, ?,
            io.fabric8.kubernetes.client.dsl.Resource<MigrationPlanResource>> plans() {
        return plansAll().inNamespace(NS);
    }

    private MigrationPlanStatus status(MigrationPlanResource plan) {
        MigrationPlanResource now = plans().withName(plan.getMetadata().getName()).get();
        return now == null ? null : now.getStatus();
    }

    private MigrationPlanStatus.PlanCondition condition(MigrationPlanResource plan, String type) {
        return Conditions.find(status(plan).conditions, type);
    }

    private List<String> awaitPlanIds(MigrationPlanResource plan) {
        await().atMost(WAIT).until(() -> status(plan) != null && !status(plan).planIds.isEmpty());
        return status(plan).planIds;
    }

    private List<MigrationPlanSubmitted> submitted(String planId) {
        return readAll(Topics.MIGRATION_PLANS).stream()
                .filter(e -> e.getEnvelope().getPlanId().equals(planId)).toList();
    }

    /** What the monitor, the single writer of migration-status, would publish. */
    private double refusedSpecs() {
        return meters.get("spotshift.operator.specs").tag("outcome", "invalid").counter().count();
    }

    private void publishStatus(String planId, MigrationStage stage, boolean terminal, int spot, int stepIndex,
                               long savingsMicros) {
        publisher.send(Topics.MIGRATION_STATUS, planId, MigrationStatus.newBuilder()
                .setPlanId(planId).setWorkloadName("nightly_etl_batch").setStage(stage).setTerminal(terminal)
                .setSpotPercent(spot).setStepIndex(stepIndex).setStepsPercent(List.of(25, 50, 75, 100))
                .setSavingsMicros(savingsMicros).setSavingsPercent(39.0)
                .setUpdatedAt(Instant.now()).setLastEventId(UUID.randomUUID().toString()).build());
    }

    private static MigrationPlanResource resource(String name, JsonNode spec) {
        MigrationPlanResource r = new MigrationPlanResource();
        r.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        r.setSpec(spec);
        return r;
    }

    /** The demo's plan file, less the apiVersion and kind the resource has of its own. */
    static JsonNode demoSpec() throws Exception {
        JsonNode file = new ObjectMapper(new YAMLFactory()).readTree(
                Files.readString(Path.of("../examples/demo/demo-nightly-etl.yaml")));
        var spec = (com.fasterxml.jackson.databind.node.ObjectNode) file.deepCopy();
        spec.remove("apiVersion");
        spec.remove("kind");
        return spec;
    }

    /** The whole topic as it stands: what the operator published, read as any consumer would. */
    private <V extends org.apache.avro.specific.SpecificRecord> List<V> readAll(dev.spotshift.schemas.Topic<V> topic) {
        try (BrokerClient broker = new BrokerClient(bootstrap, registry)) {
            return broker.readAll(topic);
        }
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
