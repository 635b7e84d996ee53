package dev.spotshift.monitor.streams;

import static dev.spotshift.monitor.streams.Events.approved;
import static dev.spotshift.monitor.streams.Events.envelope;
import static dev.spotshift.monitor.streams.Events.healthy;
import static dev.spotshift.monitor.streams.Events.sample;
import static dev.spotshift.monitor.streams.Events.shortThresholds;
import static dev.spotshift.monitor.streams.Events.stepStarted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.MetricSample;
import dev.spotshift.events.MigrationFinished;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A status whose only change is the savings of another sample is published at most once per plan per status
 * interval (1 s here, wall clock), always as the latest; every other change goes out at once and carries the
 * savings so far, and nothing published after a terminal status contradicts it.
 */
class StatusIntervalTopologyTest {

    private static final String PLAN = "plan-interval";
    private static final long T0 = 1_700_000_000_000L;
    /** Events.sample at 25 % spot: on-demand 100 per job, spot at 30 % of it. */
    private static final long SAVINGS_PER_HEALTHY_SAMPLE = 175;
    private MonitorDriver monitor;

    @BeforeEach
    void start() throws Exception {
        monitor = new MonitorDriver(Instant.ofEpochMilli(T0));
        monitor.publish(Topics.MIGRATION_DECISIONS, PLAN, approved(PLAN, T0, shortThresholds()), T0);
        monitor.publish(Topics.ROLLOUT_EVENTS, PLAN, stepStarted(PLAN, T0 + 500, 0, 0, 25, T0 + 3_600_000), T0 + 500);
        assertThat(monitor.read(Topics.MIGRATION_STATUS)).as("stage changes go out at once").hasSize(2);
    }

    @AfterEach
    void stop() throws Exception {
        monitor.close();
    }

    private MetricSample publishSample(MetricSample s) {
        monitor.publish(Topics.WORKLOAD_METRICS, PLAN, s, s.getEnvelope().getOccurredAt().toEpochMilli());
        return s;
    }

    private List<MetricSample> healthySamples(int n, long fromMillis) {
        List<MetricSample> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sent.add(publishSample(healthy(PLAN, fromMillis + i * 1_000L, 25)));
        }
        return sent;
    }

    @Test
    void savingsOnlyChangesGoOutOncePerIntervalAsTheLatestValue() {
        // When five healthy samples arrive within one interval
        List<MetricSample> sent = healthySamples(5, T0 + 1_000);

        // Then nothing is published until the interval has passed ...
        assertThat(monitor.read(Topics.MIGRATION_STATUS)).isEmpty();
        monitor.advanceWallClock(Duration.ofMillis(999));
        assertThat(monitor.read(Topics.MIGRATION_STATUS)).isEmpty();

        // ... then exactly one status, with all five samples' savings and the last sample as its last event
        monitor.advanceWallClock(Duration.ofMillis(1));
        List<MigrationStatus> published = monitor.read(Topics.MIGRATION_STATUS);
        assertThat(published).singleElement().satisfies(s -> {
            assertThat(s.getSavingsMicros()).isEqualTo(5 * SAVINGS_PER_HEALTHY_SAMPLE);
            assertThat(s.getAccounting().getJobsCompleted()).isEqualTo(50);
            assertThat(s.getLastEventId()).isEqualTo(sent.get(4).getEnvelope().getEventId());
            assertThat(s.getEventsSeen()).as("approval, step, five samples").isEqualTo(7);
            assertThat(s.getStage()).isEqualTo(MigrationStage.SHIFTING);
        });

        // And a quiet plan publishes nothing more; the next sample goes out within the next interval
        monitor.advanceWallClock(Duration.ofSeconds(3));
        assertThat(monitor.read(Topics.MIGRATION_STATUS)).isEmpty();
        publishSample(healthy(PLAN, T0 + 6_000, 25));
        monitor.advanceWallClock(Duration.ofSeconds(1));
        assertThat(monitor.read(Topics.MIGRATION_STATUS)).singleElement()
                .satisfies(s -> assertThat(s.getSavingsMicros()).isEqualTo(6 * SAVINGS_PER_HEALTHY_SAMPLE));
    }

    @Test
    void aTerminalStatusGoesOutAtOnceWithTheLastSavingsAndIsNeverFollowedByAnOlderOne() {
        // Given samples still waiting for the interval
        healthySamples(4, T0 + 1_000);

        // When the plan finishes, before the interval has passed
        RolloutEvent finished = RolloutEvent.newBuilder().setEnvelope(envelope(PLAN, T0 + 5_500, "executor-service/0.1.0"))
                .setSpotPercent(25).setStage(MigrationStage.COMPLETED)
                .setPayload(MigrationFinished.newBuilder().setOutcome(MigrationStage.COMPLETED).setReason("done")
                        .setSavingsPercent(17.5).build())
                .build();
        monitor.publish(Topics.ROLLOUT_EVENTS, PLAN, finished, T0 + 5_500);

        // Then the final status is published at once, with every sample's savings
        MigrationStatus last = monitor.latest(Topics.MIGRATION_STATUS);
        assertThat(last.getTerminal()).isTrue();
        assertThat(last.getStage()).isEqualTo(MigrationStage.COMPLETED);
        assertThat(last.getSavingsMicros()).isEqualTo(4 * SAVINGS_PER_HEALTHY_SAMPLE);
        assertThat(last.getLastEventId()).isEqualTo(finished.getEnvelope().getEventId());

        // And later flushes do not publish the samples' superseded status after it (it is the topic's last word)
        monitor.advanceWallClock(Duration.ofSeconds(5));
        assertThat(monitor.read(Topics.MIGRATION_STATUS)).isEmpty();
        // ... nor does a late sample of the ended plan
        publishSample(healthy(PLAN, T0 + 6_000, 25));
        monitor.advanceWallClock(Duration.ofSeconds(5));
        assertThat(monitor.read(Topics.MIGRATION_STATUS)).isEmpty();
    }

    @Test
    void aRollbackOrderIsPublishedAtOnceWithTheSavingsSoFar() {
        healthySamples(2, T0 + 1_000);

        // When a sample breaches the error-rate rule (shortThresholds: 20 jobs in 10 s)
        publishSample(sample(PLAN, T0 + 3_000, 0, 10, 1_000, 25));

        // Then the command and the status that records it leave without waiting for the interval
        assertThat(monitor.read(Topics.ROLLBACK_COMMANDS)).hasSize(1);
        MigrationStatus status = monitor.latest(Topics.MIGRATION_STATUS);
        assertThat(status.getReasons()).anySatisfy(r -> assertThat(r.getCode()).startsWith("ROLLBACK_ORDERED_"));
        assertThat(status.getAccounting().getJobsCompleted()).isEqualTo(20);
        assertThat(status.getAccounting().getJobsFailed()).isEqualTo(10);

        // And a flush finds nothing left to say
        monitor.advanceWallClock(Duration.ofSeconds(2));
        assertThat(monitor.read(Topics.MIGRATION_STATUS)).isEmpty();
    }

    @Test
    void aStageChangePublishedBeforeTheIntervalCarriesThePendingSavingsAndClearsThem() {
        healthySamples(3, T0 + 1_000);

        monitor.publish(Topics.ROLLOUT_EVENTS, PLAN, stepStarted(PLAN, T0 + 4_500, 1, 25, 50, T0 + 3_600_000), T0 + 4_500);

        assertThat(monitor.read(Topics.MIGRATION_STATUS)).singleElement().satisfies(s -> {
            assertThat(s.getSpotPercent()).isEqualTo(50);
            assertThat(s.getSavingsMicros()).isEqualTo(3 * SAVINGS_PER_HEALTHY_SAMPLE);
        });
        monitor.advanceWallClock(Duration.ofSeconds(2));
        assertThat(monitor.read(Topics.MIGRATION_STATUS)).as("nothing was left pending").isEmpty();
    }
}
