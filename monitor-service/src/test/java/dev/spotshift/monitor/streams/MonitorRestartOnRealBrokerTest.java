package dev.spotshift.monitor.streams;

import static dev.spotshift.monitor.streams.Events.BASE_JOB_MILLIS;
import static dev.spotshift.monitor.streams.Events.approved;
import static dev.spotshift.monitor.streams.Events.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.spotshift.events.MetricSample;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.RollbackCommand;
import dev.spotshift.events.RollbackLevel;
import dev.spotshift.events.RollbackTrigger;
import dev.spotshift.events.Thresholds;
import dev.spotshift.infra.LocalInfra;
import dev.spotshift.schemas.TopicSerdes;
import dev.spotshift.schemas.Topics;
import dev.spotshift.testsupport.BrokerClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once across restarts: the monitor topology as a plain {@link KafkaStreams} on the real
 * broker and registry, stopped in the middle of a breaching window and started again with the same
 * application.id. Runs in its own surefire JVM (see the pom): the {@code @QuarkusTest} monitor of the
 * default JVM would judge this test's plan too and emit a command of its own.
 */
class MonitorRestartOnRealBrokerTest {

    /** 10 jobs a sample, one failed: the error-rate rule's minimum volume is reached by the 10th sample. */
    private static final int JOBS_PER_SAMPLE = 10;
    private static final int MIN_JOBS_FOR_ERROR_RATE = 100;
    private static final int SAMPLES_TO_BREACH = MIN_JOBS_FOR_ERROR_RATE / JOBS_PER_SAMPLE;
    private static final List<String> INPUTS = MonitorTopology.INPUTS.stream().map(dev.spotshift.schemas.Topic::name).toList();

    private final String planId = "plan-restart-" + UUID.randomUUID();
    private final String applicationId = "monitor-restart-test-" + UUID.randomUUID();
    private LocalInfra infra;
    private BrokerClient broker;
    private Path stateDir;
    private Monitor running;

    /** One instance of the monitor and the meters only it counts into. */
    private record Monitor(KafkaStreams streams, MonitorMetrics metrics) {
        double samplesTakenIn() {
            return metrics.samplesJudged() + metrics.samplesIgnored();
        }
    }

    @BeforeAll
    static void registryClientTransport() {
        RegistryClientTransport.install();
    }

    @BeforeEach
    void infrastructure() throws IOException {
        infra = LocalInfra.shared();
        broker = new BrokerClient(infra.bootstrapServers(), infra.registryUrl());
        stateDir = Files.createTempDirectory("monitor-restart-state");
        startAtTheEndOfTheInputs();
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (running != null) {
            running.streams().close(Duration.ofSeconds(30));
        }
        broker.close();
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void aRestartMidWindowWithItsLocalStateLosesNoSampleAndEmitsNoDuplicateCommand() {
        restartMidWindowThenAgainAfterTheCommand(false);
    }

    @Test
    void aRestartMidWindowThatRestoresFromTheChangelogLosesNoSampleAndEmitsNoDuplicateCommand() {
        restartMidWindowThenAgainAfterTheCommand(true);
    }

    private void restartMidWindowThenAgainAfterTheCommand(boolean wipeLocalState) {
        // Given an approved plan whose error-rate rule needs 100 jobs in its minute, the monitor running
        long t0 = System.currentTimeMillis();
        Thresholds thresholds = Thresholds.newBuilder().setErrorRateWindowMillis(60_000)
                .setMinJobsForErrorRate(MIN_JOBS_FOR_ERROR_RATE).setRollbackOnJobFailure(false)
                .setDegradationWindowMillis(15_000).setCostWindowMillis(60_000).build();
        running = start();
        broker.publish(Topics.MIGRATION_DECISIONS, planId, approved(planId, t0 - 2_000, thresholds));
        broker.readUntil(Topics.MIGRATION_STATUS, planId, l -> !l.isEmpty());
        List<MetricSample> samples = new ArrayList<>();
        for (int i = 1; i <= SAMPLES_TO_BREACH + 3; i++) {
            samples.add(sample(planId, t0 + i * 1_000L, JOBS_PER_SAMPLE - 1, 1, BASE_JOB_MILLIS, 25));
        }
        int half = SAMPLES_TO_BREACH / 2;

        // When the first half of the window is taken in (90 jobs short of the volume, so no command yet)
        publish(samples.subList(0, half));
        awaitTakenIn(running, half);
        // ... the monitor is stopped and started again with the same application.id
        restart(wipeLocalState);
        // ... and the rest of the window arrives
        publish(samples.subList(half, SAMPLES_TO_BREACH));

        // Then one full rollback answers the 10th sample, over all 100 jobs of the window
        MetricSample completing = samples.get(SAMPLES_TO_BREACH - 1);
        List<RollbackCommand> commands = broker.readUntil(Topics.ROLLBACK_COMMANDS, planId, l -> !l.isEmpty());
        assertThat(commands).singleElement().satisfies(c -> {
            assertThat(c.getLevel()).isEqualTo(RollbackLevel.FULL);
            assertThat(c.getTrigger()).isEqualTo(RollbackTrigger.ERROR_RATE);
            assertThat(c.getBreachingSampleId()).isEqualTo(completing.getEnvelope().getEventId());
            assertThat(c.getWindowEnd()).isEqualTo(completing.getEnvelope().getOccurredAt());
            assertThat(c.getMeasurements()).anySatisfy(m -> {
                assertThat(m.getMetric()).isEqualTo("jobs_in_window");
                assertThat(m.getObserved()).isEqualTo((double) SAMPLES_TO_BREACH * JOBS_PER_SAMPLE);
            });
            assertThat(c.getMeasurements()).anySatisfy(m -> {
                assertThat(m.getMetric()).isEqualTo("error_rate_percent");
                assertThat(m.getObserved()).isCloseTo(100.0 / JOBS_PER_SAMPLE, within(1e-9));
            });
        });

        // When the monitor restarts once more after the command, then sees the completing sample
        // redelivered and three more breaching samples
        awaitTakenIn(running, SAMPLES_TO_BREACH - half);
        restart(wipeLocalState);
        List<MetricSample> after = new ArrayList<>();
        after.add(completing);
        after.addAll(samples.subList(SAMPLES_TO_BREACH, samples.size()));
        publish(after);
        awaitTakenIn(running, after.size());

        // Then still exactly one command was committed for the plan and trigger
        List<RollbackCommand> committed = broker.readDuring(Topics.ROLLBACK_COMMANDS, planId, Duration.ofSeconds(3));
        assertThat(committed).extracting(RollbackCommand::getCommandId)
                .containsExactly(commands.get(0).getCommandId());
        assertThat(running.metrics().samplesIgnored()).as("the redelivered sample").isEqualTo(1);
    }

    @Test
    void savingsNotYetPublishedAtAStopArePublishedAfterTheRestartFromTheRestoredState() {
        // Given a live plan and a monitor whose status interval is longer than the test: savings stay pending
        long t0 = System.currentTimeMillis();
        Thresholds thresholds = Thresholds.newBuilder().setErrorRateWindowMillis(60_000).setMinJobsForErrorRate(1_000)
                .setDegradationWindowMillis(15_000).setCostWindowMillis(60_000).build();
        running = start(600_000);
        broker.publish(Topics.MIGRATION_DECISIONS, planId, approved(planId, t0 - 2_000, thresholds));
        broker.readUntil(Topics.MIGRATION_STATUS, planId, l -> !l.isEmpty());
        List<MetricSample> samples = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            samples.add(sample(planId, t0 + i * 1_000L, JOBS_PER_SAMPLE, 0, BASE_JOB_MILLIS, 25));
        }
        publish(samples.subList(0, 5));
        awaitTakenIn(running, 5);
        long savingsPerSample = samples.get(0).getOnDemandCostMicros() - samples.get(0).getCostMicros();

        // When it stops, its local state is wiped, and it starts again (restoring from the changelogs)
        running.streams().close(Duration.ofSeconds(30));
        running.streams().cleanUp();
        running = start(200);

        // Then the status published after the restart carries all five samples' savings ...
        MigrationStatus restored = last(broker.readUntil(Topics.MIGRATION_STATUS, planId,
                l -> !l.isEmpty() && last(l).getSavingsMicros() == 5 * savingsPerSample));
        assertThat(restored.getAccounting().getJobsCompleted()).isEqualTo(5L * JOBS_PER_SAMPLE);
        assertThat(restored.getLastEventId()).isEqualTo(samples.get(4).getEnvelope().getEventId());
        // ... and the restored account and window go on from there: a redelivered sample is not counted twice
        publish(List.of(samples.get(4), samples.get(5)));
        awaitTakenIn(running, 2);
        MigrationStatus after = last(broker.readUntil(Topics.MIGRATION_STATUS, planId,
                l -> !l.isEmpty() && last(l).getAccounting() != null && last(l).getAccounting().getJobsCompleted() >= 6L * JOBS_PER_SAMPLE));
        assertThat(after.getSavingsMicros()).isEqualTo(6 * savingsPerSample);
        assertThat(after.getAccounting().getJobsCompleted()).isEqualTo(6L * JOBS_PER_SAMPLE);
        assertThat(running.metrics().samplesIgnored()).as("the redelivered sample").isEqualTo(1);
    }

    private static MigrationStatus last(List<MigrationStatus> statuses) {
        return statuses.get(statuses.size() - 1);
    }

    private void publish(List<MetricSample> samples) {
        samples.forEach(s -> broker.publish(Topics.WORKLOAD_METRICS, planId, s));
    }

    private static void awaitTakenIn(Monitor monitor, int samples) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> monitor.samplesTakenIn() >= samples);
    }

    private void restart(boolean wipeLocalState) {
        running.streams().close(Duration.ofSeconds(30));
        if (wipeLocalState) {
            running.streams().cleanUp();
            assertThat(taskDirectories()).as("local state of %s", applicationId).isEmpty();
        }
        running = start();
    }

    private List<Path> taskDirectories() {
        Path appDir = stateDir.resolve(applicationId);
        if (!Files.isDirectory(appDir)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(appDir)) {
            return dirs.filter(d -> d.getFileName().toString().matches("\\d+_\\d+")).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** As monitor-service's application.properties configures it, on a temp state dir; waits for RUNNING. */
    private Monitor start() {
        return start(200);
    }

    private Monitor start(long statusIntervalMillis) {
        MonitorMetrics metrics = new MonitorMetrics(new SimpleMeterRegistry());
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 10 * 1024 * 1024); // as application.properties
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // Static membership: the next instance takes the stopped one's place without waiting out its session.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), applicationId + "-1");
        KafkaStreams streams = new KafkaStreams(MonitorTopology.build(TopicSerdes.registry(infra.registryUrl()),
                new MonitorSettings("monitor-service/restart-test", 200, 200, statusIntervalMillis), metrics), p);
        streams.start();
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                .until(() -> streams.state() == KafkaStreams.State.RUNNING);
        return new Monitor(streams, metrics);
    }

    /** The new group starts at the inputs' current ends: other tests' history is not this test's. */
    private void startAtTheEndOfTheInputs() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            Map<TopicPartition, OffsetSpec> spec = new HashMap<>();
            for (String topic : INPUTS) {
                for (int i = 0; i < Topics.byName(topic).orElseThrow().partitions(); i++) {
                    spec.put(new TopicPartition(topic, i), OffsetSpec.latest());
                }
            }
            Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
            admin.listOffsets(spec).all().get(30, TimeUnit.SECONDS)
                    .forEach((tp, info) -> ends.put(tp, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(applicationId, ends).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not start " + applicationId + " at the end of its inputs", e);
        }
    }
}
