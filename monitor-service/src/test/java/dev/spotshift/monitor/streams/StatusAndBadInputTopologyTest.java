package dev.spotshift.monitor.streams;

import static dev.spotshift.monitor.streams.Events.approved;
import static dev.spotshift.monitor.streams.Events.healthy;
import static dev.spotshift.monitor.streams.Events.shortThresholds;
import static dev.spotshift.monitor.streams.Events.stepStarted;
import static dev.spotshift.monitor.streams.Events.submitted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.MetricSample;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatusAndBadInputTopologyTest {

    private static final String PLAN = "plan-status";
    private static final long T0 = 1_700_000_000_000L;
    private MonitorDriver monitor;

    @BeforeEach
    void start() throws Exception {
        monitor = new MonitorDriver(Instant.ofEpochMilli(T0));
    }

    @AfterEach
    void stop() throws Exception {
        monitor.close();
    }

    private void publishSample(MetricSample s) {
        monitor.publish(Topics.WORKLOAD_METRICS, PLAN, s, s.getEnvelope().getOccurredAt().toEpochMilli());
    }

    @Test
    void projectsThePlansLastTransitionOntoMigrationStatus() {
        monitor.publish(Topics.MIGRATION_PLANS, PLAN, submitted(PLAN, T0), T0);
        monitor.publish(Topics.MIGRATION_DECISIONS, PLAN, approved(PLAN, T0 + 1_000, shortThresholds()), T0 + 1_000);
        RolloutEvent step = stepStarted(PLAN, T0 + 2_000, 1, 25, 50, T0 + 12_000);

        monitor.publish(Topics.ROLLOUT_EVENTS, PLAN, step, T0 + 2_000);

        MigrationStatus status = monitor.latest(Topics.MIGRATION_STATUS);
        assertThat(status.getPlanId()).isEqualTo(PLAN);
        assertThat(status.getPlanName()).isEqualTo("nightly-etl-pilot");
        assertThat(status.getStage()).isEqualTo(MigrationStage.SHIFTING);
        assertThat(status.getTerminal()).isFalse();
        assertThat(status.getSpotPercent()).isEqualTo(50);
        assertThat(status.getStepIndex()).isEqualTo(1);
        assertThat(status.getStepsPercent()).containsExactly(25, 50, 75, 100);
        assertThat(status.getLastEventId()).isEqualTo(step.getEnvelope().getEventId());
        assertThat(status.getEventsSeen()).isEqualTo(3);
    }

    @Test
    void addsUpSavingsOnceEvenWhenASampleIsRedelivered() {
        monitor.publish(Topics.MIGRATION_DECISIONS, PLAN, approved(PLAN, T0, shortThresholds()), T0);
        MetricSample s = healthy(PLAN, T0 + 1_000, 100);

        publishSample(s);
        publishSample(s);
        // Savings-only changes are published once per status interval (1 s)
        monitor.advanceWallClock(java.time.Duration.ofSeconds(1));

        MigrationStatus status = monitor.latest(Topics.MIGRATION_STATUS);
        assertThat(status.getSavingsMicros()).isEqualTo(700);
        assertThat(status.getSavingsPercent()).isEqualTo(70.0);
        assertThat(status.getAccounting().getJobsCompleted()).as("the redelivered sample is not counted twice")
                .isEqualTo(s.getJobsCompleted());
        assertThat(status.getAccounting().getCostMicros()).isEqualTo(s.getCostMicros());
        assertThat(monitor.metrics.samplesJudged()).isEqualTo(1);
    }

    @Test
    void deadLettersAnUndecodableRecordWithTheReason() {
        byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);

        monitor.publishBytes(Topics.WORKLOAD_METRICS, PLAN, garbage, T0);

        assertThat(monitor.read(Topics.DEAD_LETTERS)).singleElement().satisfies(d -> {
            assertThat(d.getSourceTopic()).isEqualTo(Topics.WORKLOAD_METRICS.name());
            assertThat(d.getKey()).isEqualTo(PLAN);
            assertThat(d.getReason()).startsWith("undecodable as " + Topics.WORKLOAD_METRICS.name());
            assertThat(d.getValue().array()).isEqualTo(garbage);
        });
        assertThat(monitor.counter("spotshift.monitor.dead.letters")).isEqualTo(1);
    }

    @Test
    void deadLettersASampleWithImpossibleValues() {
        monitor.publish(Topics.MIGRATION_DECISIONS, PLAN, approved(PLAN, T0, shortThresholds()), T0);
        MetricSample s = healthy(PLAN, T0 + 1_000, 100);
        s.setCpuUtilisationPercent(Double.NaN);

        publishSample(s);

        assertThat(monitor.read(Topics.DEAD_LETTERS)).singleElement()
                .satisfies(d -> assertThat(d.getReason()).contains("cpuUtilisationPercent"));
        assertThat(monitor.metrics.samplesJudged()).isZero();
    }

    @Test
    void deadLettersASampleFarOutOfOrder() {
        monitor.publish(Topics.MIGRATION_DECISIONS, PLAN, approved(PLAN, T0, shortThresholds()), T0);
        publishSample(healthy(PLAN, T0 + 200_000, 100));

        // the longest window of the plan is 60 s
        publishSample(healthy(PLAN, T0 + 100_000, 100));

        assertThat(monitor.read(Topics.DEAD_LETTERS)).singleElement()
                .satisfies(d -> assertThat(d.getReason()).contains("beyond the longest window"));
    }
}
