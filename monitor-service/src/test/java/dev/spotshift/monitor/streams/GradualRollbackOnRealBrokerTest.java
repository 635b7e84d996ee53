package dev.spotshift.monitor.streams;

import static dev.spotshift.monitor.streams.Events.BASE_JOB_MILLIS;
import static dev.spotshift.monitor.streams.Events.approved;
import static dev.spotshift.monitor.streams.Events.sample;
import static dev.spotshift.monitor.streams.Events.stepStarted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.MetricSample;
import dev.spotshift.events.RollbackCommand;
import dev.spotshift.events.RollbackLevel;
import dev.spotshift.events.RollbackTrigger;
import dev.spotshift.events.Thresholds;
import dev.spotshift.infra.quarkus.LocalInfraTestResource;
import dev.spotshift.schemas.Topics;
import dev.spotshift.testsupport.BrokerClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gradual tier end to end: the running monitor, the real broker and registry, a window of seconds. */
@QuarkusTest
@WithTestResource(LocalInfraTestResource.class)
class GradualRollbackOnRealBrokerTest {

    /** The test-shortened gradual window: three one-second samples cover it. */
    private static final long DEGRADATION_WINDOW_MILLIS = 3_000;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url")
    String registryUrl;
    @Inject
    KafkaStreams streams;

    private BrokerClient broker;
    private final String planId = "plan-gradual-" + UUID.randomUUID();

    @BeforeEach
    void monitorIsRunning() {
        broker = new BrokerClient(bootstrapServers, registryUrl);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
    }

    @AfterEach
    void closeClients() {
        broker.close();
    }

    @Test
    void twelvePercentDegradationSustainedOverTheGradualWindowProducesOneStepRollback() {
        // Given a live plan in its first step whose gradual window is three seconds (baseline job: 1 000 ms)
        long now = System.currentTimeMillis();
        Thresholds thresholds = Thresholds.newBuilder().setErrorRateWindowMillis(10_000).setMinJobsForErrorRate(20)
                .setDegradationWindowMillis(DEGRADATION_WINDOW_MILLIS).setCostWindowMillis(60_000).build();
        long approvedAt = now - 2_000;
        broker.publish(Topics.MIGRATION_DECISIONS, planId, approved(planId, approvedAt, thresholds));
        broker.publish(Topics.ROLLOUT_EVENTS, planId, stepStarted(planId, now - 1_000, 0, 0, 25, now + 10_000));

        // When six one-second samples in a row run jobs 12 % slower than the baseline (twice the window)
        long slowJobMillis = BASE_JOB_MILLIS * 112 / 100;
        List<MetricSample> published = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            MetricSample slow = sample(planId, now + i * 1_000L, 10, 0, slowJobMillis, 25);
            broker.publish(Topics.WORKLOAD_METRICS, planId, slow);
            published.add(slow);
        }

        // Then one step rollback answers the first sample that completes a fully covered window
        List<RollbackCommand> commands = broker.readUntil(Topics.ROLLBACK_COMMANDS, planId, l -> !l.isEmpty());
        MetricSample completing = published.get(2);
        assertThat(commands).singleElement().satisfies(c -> {
            assertThat(c.getLevel()).isEqualTo(RollbackLevel.STEP);
            assertThat(c.getTrigger()).isEqualTo(RollbackTrigger.PERFORMANCE_DEGRADATION);
            assertThat(c.getWindowEnd()).isEqualTo(completing.getEnvelope().getOccurredAt());
            assertThat(c.getWindowEnd().toEpochMilli() - c.getWindowStart().toEpochMilli())
                    .isEqualTo(DEGRADATION_WINDOW_MILLIS);
            assertThat(c.getWindowStart()).isAfterOrEqualTo(Instant.ofEpochMilli(approvedAt));
            assertThat(c.getBreachingSampleId()).isEqualTo(completing.getEnvelope().getEventId());
            assertThat(c.getEnvelope().getCausationId()).isEqualTo(completing.getEnvelope().getEventId());
            assertThat(c.getMeasurements()).anySatisfy(m -> {
                assertThat(m.getMetric()).isEqualTo("job_time_degradation_percent");
                assertThat(m.getObserved()).isCloseTo(12.0, org.assertj.core.data.Offset.offset(0.01));
                assertThat(m.getPassed()).isFalse();
            });
        });
        // And the three later samples, still degraded, are the same episode: no second command is committed
        List<RollbackCommand> afterwards = broker.readDuring(Topics.ROLLBACK_COMMANDS, planId, Duration.ofSeconds(3));
        assertThat(afterwards).extracting(RollbackCommand::getCommandId)
                .containsExactly(commands.get(0).getCommandId());
    }
}
