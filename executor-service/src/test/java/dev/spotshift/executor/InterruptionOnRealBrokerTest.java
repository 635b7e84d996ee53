package dev.spotshift.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.spotshift.executor.streams.ContractEvents.payloads;
import static org.awaitility.Awaitility.await;

import dev.spotshift.cloud.Cloud;
import dev.spotshift.cloud.SpotShare;
import dev.spotshift.cloud.StoredObject;
import dev.spotshift.cloud.sim.SimulatedCloud;
import dev.spotshift.events.CheckpointWritten;
import dev.spotshift.events.GateResult;
import dev.spotshift.events.ReplacementLaunched;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.RolloutStepStarted;
import dev.spotshift.events.SpotInterruptionWarning;
import dev.spotshift.events.WorkloadCommand;
import dev.spotshift.executor.streams.ContractEvents;
import dev.spotshift.executor.streams.SpotEvents;
import dev.spotshift.infra.quarkus.LocalInfraTestResource;
import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.Topics;
import dev.spotshift.testsupport.BrokerClient;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The acceptance on the real broker and registry, with the simulated market behind the executor. */
@QuarkusTest
@WithTestResource(LocalInfraTestResource.class)
class InterruptionOnRealBrokerTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @Inject
    Cloud cloud;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url")
    String registryUrl;

    private final String planId = "plan-" + UUID.randomUUID();
    private BrokerClient broker;

    @BeforeEach
    void client() {
        broker = new BrokerClient(bootstrap, registryUrl);
    }

    @AfterEach
    void closeClient() {
        broker.close();
    }

    @Test
    void warningMidRolloutYieldsCheckpointAndValidatedReplacementInsideTheNoticeAndTheMigrationContinues() {
        SimulatedCloud sim = (SimulatedCloud) ClientProxy.unwrap(cloud);
        if (sim.capacity().listGroups(ContractEvents.REGION).stream().noneMatch(g -> g.name().equals(ContractEvents.GROUP))) {
            sim.capacity().createGroup(ContractEvents.REGION, ContractEvents.GROUP, 1, 2, 1,
                    new SpotShare(0, 100, SpotShare.CAPACITY_OPTIMIZED, ContractEvents.TYPES));
        }
        try (BrokerClient.Tail<RolloutEvent> events = broker.tail(Topics.ROLLOUT_EVENTS, planId);
             BrokerClient.Tail<WorkloadCommand> commands = broker.tail(Topics.WORKLOAD_COMMANDS, planId)) {
            // Given a plan at its second step (50 % spot)
            send(Topics.MIGRATION_DECISIONS, ContractEvents.approved(planId, Instant.now(), 2_000, 1_000, 1_000, 1_000,
                    "s3://backup-bucket/spot-state/"));
            send(Topics.WORKLOAD_METRICS, ContractEvents.metric(planId, Instant.now()));
            await().atMost(PATIENCE).until(() -> !payloads(events.poll(), RolloutStepStarted.class).isEmpty());
            send(Topics.GATE_VERDICTS, ContractEvents.verdict(planId, Instant.now(), 0, GateResult.PASS));
            await().atMost(PATIENCE).until(() -> payloads(events.poll(), RolloutStepStarted.class).size() == 2);

            // When the two-minute warning arrives and the workload's agent checkpoints as it is told
            SpotInterruptionWarning warning = SpotEvents.warning(planId, Instant.now(), "i-0feedface", "m5.large",
                    "us-east-1a");
            send(Topics.SPOT_INTERRUPTIONS, warning);
            List<WorkloadCommand> seen = await().atMost(PATIENCE).until(commands::poll, l -> !l.isEmpty());
            WorkloadCommand cmd = seen.get(0);
            StoredObject stored = sim.checkpoints().put(URI.create(cmd.getLocation()),
                    "{\"jobsCompleted\":7}".getBytes(StandardCharsets.UTF_8));
            send(Topics.WORKLOAD_REPORTS, SpotEvents.checkpointed(cmd, Instant.now(), stored.sizeBytes(),
                    stored.sha256()));

            // Then the checkpoint and a validated replacement are announced, both inside the notice
            await().atMost(PATIENCE).until(() -> !payloads(events.poll(), ReplacementLaunched.class).isEmpty());
            Instant deadline = warning.getDeadline();
            assertThat(cmd.getDeadline()).isEqualTo(deadline);
            RolloutEvent written = only(events, CheckpointWritten.class);
            RolloutEvent replaced = only(events, ReplacementLaunched.class);
            assertThat(((CheckpointWritten) written.getPayload()).getSha256()).isEqualTo(stored.sha256());
            assertThat(written.getEnvelope().getOccurredAt()).isBeforeOrEqualTo(deadline);
            assertThat(replaced.getEnvelope().getOccurredAt()).isBeforeOrEqualTo(deadline);
            ReplacementLaunched r = (ReplacementLaunched) replaced.getPayload();
            assertThat(r.getStateValidated()).isTrue();
            assertThat(r.getWithinNotice()).isTrue();
            assertThat(replaced.getEnvelope().getCausationId()).isEqualTo(warning.getEnvelope().getEventId());

            // And the migration continues: step 1 passes and step 2 starts
            send(Topics.GATE_VERDICTS, ContractEvents.verdict(planId, Instant.now(), 1, GateResult.PASS));
            await().atMost(PATIENCE).until(() -> payloads(events.poll(), RolloutStepStarted.class).stream()
                    .anyMatch(s -> s.getStepIndex() == 2));
        }
    }

    private static RolloutEvent only(BrokerClient.Tail<RolloutEvent> events, Class<?> payload) {
        return events.poll().stream().filter(e -> payload.isInstance(e.getPayload())).findFirst().orElseThrow();
    }

    private <V extends SpecificRecord> void send(Topic<V> topic, V value) {
        broker.publish(topic, planId, value);
    }
}
