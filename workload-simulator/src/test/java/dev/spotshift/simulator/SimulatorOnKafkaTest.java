package dev.spotshift.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spotshift.events.ApprovalRule;
import dev.spotshift.events.DecisionBasis;
import dev.spotshift.events.DecisionOutcome;
import dev.spotshift.events.MetricSample;
import dev.spotshift.events.MigrationDecision;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.RolloutStepStarted;
import dev.spotshift.events.SpotInterruptionWarning;
import dev.spotshift.events.WorkloadAction;
import dev.spotshift.events.WorkloadCommand;
import dev.spotshift.events.WorkloadReport;
import dev.spotshift.infra.LocalInfra;
import dev.spotshift.schemas.Envelopes;
import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.plan.PlanParser;
import dev.spotshift.simulator.domain.Scenario;
import dev.spotshift.testsupport.BrokerClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulator against a real broker and registry; the test plays the coordinator and the executor. */
class SimulatorOnKafkaTest {

    static LocalInfra infra;
    static Simulator simulator;
    static BrokerClient broker;
    static final Clock CLOCK = Clock.systemUTC();

    @BeforeAll
    @SuppressWarnings({"unchecked", "rawtypes"})
    static void start() {
        infra = LocalInfra.shared();
        simulator = new Simulator(infra.bootstrapServers(), infra.registryUrl(), Scenario.INTERRUPTION, 42,
                Duration.ofMillis(200), m -> { }).start();
        broker = new BrokerClient(infra.bootstrapServers(), infra.registryUrl());
    }

    @AfterAll
    static void stop() {
        simulator.close();
        broker.close();
    }

    static MigrationPlan plan() throws Exception {
        return PlanParser.parse(Files.readString(Path.of("src/test/resources/plan.yaml"))).plans().get(0);
    }

    static <V extends SpecificRecord> void send(Topic<V> topic, String key, V value) {
        broker.publish(topic, key, value);
    }

    /** The plan's records on the topic so far, start to current end, into {@code into} for the assertions after. */
    static <V extends SpecificRecord> List<V> collect(Topic<V> topic, String planId, List<V> into) {
        List<V> now = broker.readAll(topic, planId);
        into.clear();
        into.addAll(now);
        return into;
    }

    static RolloutEvent step(String planId, int index, int to) {
        return RolloutEvent.newBuilder().setEnvelope(Envelopes.next(planId, "test-executor", null, CLOCK))
                .setSpotPercent(to).setStage(MigrationStage.SHIFTING)
                .setPayload(RolloutStepStarted.newBuilder().setStepIndex(index).setStepCount(4).setFromSpotPercent(0)
                        .setToSpotPercent(to).setStepsHash("h").setGateDueAt(CLOCK.instant()).build())
                .build();
    }

    @Test
    void feedsAnApprovedMigrationWithSamplesThatFollowItsSpotShareAndWarnsAtFiftyPercent() throws Exception {
        // Given an approved migration
        String planId = "sim-test." + UUID.randomUUID();
        MigrationPlan plan = plan();
        send(Topics.MIGRATION_DECISIONS, planId, MigrationDecision.newBuilder()
                .setEnvelope(Envelopes.next(planId, "test-coordinator", null, CLOCK))
                .setOutcome(DecisionOutcome.APPROVED).setRule(ApprovalRule.UNANIMOUS).setDecidedBy(DecisionBasis.ALL_VOTES)
                .setVotes(List.of()).setReasons(List.of()).setPlan(plan).setInstanceTypes(List.of("m5a.large")).build());
        List<MetricSample> samples = new CopyOnWriteArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> !collect(Topics.WORKLOAD_METRICS, planId, samples).isEmpty());
        assertThat(samples.get(0).getSpotPercent()).isZero();
        assertThat(samples.get(0).getCostMicros()).isEqualTo(samples.get(0).getOnDemandCostMicros());

        // When the executor moves it to 50 % spot
        send(Topics.ROLLOUT_EVENTS, planId, step(planId, 1, 50));

        // Then samples report 50 % at a lower cost, and one two-minute warning names an instance
        await().atMost(Duration.ofSeconds(30)).until(() -> collect(Topics.WORKLOAD_METRICS, planId, samples).stream()
                .anyMatch(s -> s.getSpotPercent() == 50 && s.getCostMicros() < s.getOnDemandCostMicros()));
        List<SpotInterruptionWarning> warnings = new CopyOnWriteArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> !collect(Topics.SPOT_INTERRUPTIONS, planId, warnings).isEmpty());
        assertThat(warnings).singleElement().satisfies(w -> assertThat(
                Duration.between(w.getNoticeAt(), w.getDeadline())).isEqualTo(Duration.ofSeconds(120)));
    }

    @Test
    void answersACheckpointCommandWithTheWrittenStatesChecksum() throws Exception {
        String planId = "sim-checkpoint." + UUID.randomUUID();
        WorkloadCommand cmd = WorkloadCommand.newBuilder()
                .setEnvelope(Envelopes.next(planId, "test-executor", null, CLOCK)).setCommandId("cmd-1")
                .setAction(WorkloadAction.CHECKPOINT).setInstanceId("i-0123")
                .setLocation("s3://spotshift-demo/state/" + planId + "/1").setDeadline(CLOCK.instant().plusSeconds(120))
                .build();
        send(Topics.WORKLOAD_COMMANDS, planId, cmd);
        List<WorkloadReport> reports = new CopyOnWriteArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> !collect(Topics.WORKLOAD_REPORTS, planId, reports).isEmpty());
        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.getSucceeded()).isTrue();
            assertThat(r.getCommandId()).isEqualTo("cmd-1");
            assertThat(r.getSha256()).hasSize(64);
            assertThat(r.getEnvelope().getCausationId()).isEqualTo(cmd.getEnvelope().getEventId());
        });
    }

    @Test
    void garbageOnWorkloadCommandsIsADeadLetterAndTheNextCommandIsStillAnswered() throws Exception {
        // Given garbage on workload-commands under a key no plan has
        String stranger = "sim-poison." + UUID.randomUUID();
        broker.publishRaw(Topics.WORKLOAD_COMMANDS, stranger, "not avro".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        // When a good command follows it
        String planId = "sim-after-poison." + UUID.randomUUID();
        send(Topics.WORKLOAD_COMMANDS, planId, WorkloadCommand.newBuilder()
                .setEnvelope(Envelopes.next(planId, "test-executor", null, CLOCK)).setCommandId("cmd-after")
                .setAction(WorkloadAction.CHECKPOINT).setInstanceId("i-0456")
                .setLocation("s3://spotshift-demo/state/" + planId + "/1").setDeadline(CLOCK.instant().plusSeconds(120))
                .build());

        // Then the garbage is a dead letter saying where it came from and why, and the command is answered
        List<dev.spotshift.events.DeadLetter> letters = new CopyOnWriteArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> !collect(Topics.DEAD_LETTERS, stranger, letters).isEmpty());
        assertThat(letters).singleElement().satisfies(l -> {
            assertThat(l.getSourceTopic()).isEqualTo(Topics.WORKLOAD_COMMANDS.name());
            assertThat(l.getConsumer()).isEqualTo("workload-simulator");
            assertThat(l.getReason()).startsWith("undecodable as " + Topics.WORKLOAD_COMMANDS.name());
        });
        List<WorkloadReport> reports = new CopyOnWriteArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> !collect(Topics.WORKLOAD_REPORTS, planId, reports).isEmpty());
        assertThat(reports).singleElement().satisfies(r -> assertThat(r.getCommandId()).isEqualTo("cmd-after"));
    }
}
