package dev.spotshift.monitor.streams;

import static dev.spotshift.monitor.streams.Events.BASE_JOB_MILLIS;
import static dev.spotshift.monitor.streams.Events.approved;
import static dev.spotshift.monitor.streams.Events.healthy;
import static dev.spotshift.monitor.streams.Events.sample;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.DeadLetter;
import dev.spotshift.events.MetricSample;
import dev.spotshift.events.RollbackCommand;
import dev.spotshift.events.RollbackLevel;
import dev.spotshift.events.RollbackTrigger;
import dev.spotshift.events.Thresholds;
import dev.spotshift.infra.LocalInfra;
import dev.spotshift.schemas.TopicSerdes;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.streams.ReplaceStreamThread;
import dev.spotshift.testsupport.BrokerClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 19's acceptance: the registry away for 30 s while a RollbackCommand is in flight, and the rollback happens
 * after it returns, with no dead letter. The monitor topology runs as a plain {@link KafkaStreams} with the production
 * policies (exactly once, {@link ReplaceStreamThread}) and reaches the real registry only through a loopback proxy the
 * test takes down. Runs in the restart JVM (see the pom): a {@code @QuarkusTest} monitor would judge the plan too.
 */
class RegistryOutageOnRealBrokerTest {

    /** The acceptance figure: not shortened to make the test quicker. */
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    private final String planId = "plan-registry-outage-" + UUID.randomUUID();
    private final String applicationId = "monitor-registry-outage-test-" + UUID.randomUUID();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private LocalInfra infra;
    private BrokerClient broker;
    private TogglingProxy registry;
    private KafkaStreams monitor;
    private MonitorMetrics metrics;
    private Path stateDir;

    @BeforeAll
    static void registryClientTransport() {
        RegistryClientTransport.install();
        // The stream threads dying during the outage is the behaviour under test (they are replaced), not a failure
        // of the waits: Awaitility would otherwise rethrow their exceptions in the test thread.
        Awaitility.doNotCatchUncaughtExceptionsByDefault();
    }

    @AfterAll
    static void resetAwaitility() {
        Awaitility.reset();
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (monitor != null) {
            monitor.close(Duration.ofSeconds(30));
        }
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aRollbackCommandInFlightWhileTheRegistryIsAwayThirtySecondsIsWrittenWhenItReturnsAndIsNoDeadLetter() throws Exception {
        // Given a monitor that reaches the registry through a proxy, judging a live plan whose samples it has decoded
        infra = LocalInfra.shared();
        broker = new BrokerClient(infra.bootstrapServers(), infra.registryUrl());
        registry = new TogglingProxy(URI.create(infra.registryUrl()));
        startAtTheEndOfTheInputs();
        monitor = start(registry.through(infra.registryUrl()));
        long t0 = System.currentTimeMillis();
        Thresholds thresholds = Thresholds.newBuilder().setRollbackOnJobFailure(true).setErrorRateWindowMillis(60_000)
                .setMinJobsForErrorRate(1_000).setDegradationWindowMillis(15_000).setCostWindowMillis(60_000).build();
        broker.publish(Topics.MIGRATION_DECISIONS, planId, approved(planId, t0 - 2_000, thresholds));
        broker.publish(Topics.WORKLOAD_METRICS, planId, healthy(planId, t0, 25));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> metrics.samplesJudged() >= 1);

        // When the registry goes away, and then a failed job arrives: the monitor orders a full rollback it cannot
        // serialise (no RollbackCommand schema has been looked up yet), for as long as the registry is away
        registry.down();
        long downAt = System.nanoTime();
        MetricSample failedJob = sample(planId, System.currentTimeMillis(), 9, 1, BASE_JOB_MILLIS, 25);
        broker.publish(Topics.WORKLOAD_METRICS, planId, failedJob);
        Awaitility.await().atMost(OUTAGE).until(() -> threadsReplaced() >= 1);
        Duration left = OUTAGE.minusNanos(System.nanoTime() - downAt);
        // ... nothing is committed for the plan meanwhile: no command, no dead letter, no quarantine
        Awaitility.await().pollDelay(left).atMost(left.plusSeconds(5)).until(() -> true);
        assertThat(broker.readDuring(Topics.ROLLBACK_COMMANDS, planId, Duration.ofSeconds(2))).as("while the registry is away").isEmpty();
        registry.up();

        // Then the rollback is ordered once the registry is back, answering the failed job
        RollbackCommand command = broker.readUntil(Topics.ROLLBACK_COMMANDS, planId, l -> !l.isEmpty()).get(0);
        assertThat(command.getLevel()).isEqualTo(RollbackLevel.FULL);
        assertThat(command.getTrigger()).isEqualTo(RollbackTrigger.JOB_FAILURE);
        assertThat(command.getBreachingSampleId()).isEqualTo(failedJob.getEnvelope().getEventId());
        // And exactly once, with nothing of the plan among the dead letters and the plan not quarantined
        assertThat(broker.readDuring(Topics.ROLLBACK_COMMANDS, planId, Duration.ofSeconds(3))).extracting(RollbackCommand::getCommandId).containsExactly(command.getCommandId());
        assertThat(broker.readDuring(Topics.DEAD_LETTERS, planId, Duration.ofSeconds(2))).extracting(DeadLetter::getReason).isEmpty();
        assertThat(meters.find("spotshift.monitor.plans.quarantined").counters()).allSatisfy(c -> assertThat(c.count()).isZero());
        assertThat(monitor.state()).isIn(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
    }

    private double threadsReplaced() {
        return meters.find(ReplaceStreamThread.METER).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    /** As monitor-service's application.properties configures it, with the production uncaught-exception policy. */
    private KafkaStreams start(String registryUrl) throws Exception {
        stateDir = Files.createTempDirectory("monitor-outage-state");
        metrics = new MonitorMetrics(meters);
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 10 * 1024 * 1024); // as application.properties
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 3_000);
        KafkaStreams streams = new KafkaStreams(MonitorTopology.build(TopicSerdes.registry(registryUrl),
                new MonitorSettings("monitor-service/outage-test", 200, 200, 200), metrics), p);
        streams.setUncaughtExceptionHandler(new ReplaceStreamThread(meters, "monitor-service"));
        streams.start();
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                .until(() -> streams.state() == KafkaStreams.State.RUNNING);
        return streams;
    }

    /** The new group starts at the inputs' current ends: other tests' history is not this test's. */
    private void startAtTheEndOfTheInputs() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            Map<TopicPartition, OffsetSpec> spec = new HashMap<>();
            for (var topic : MonitorTopology.INPUTS) {
                for (int i = 0; i < topic.partitions(); i++) {
                    spec.put(new TopicPartition(topic.name(), i), OffsetSpec.latest());
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
