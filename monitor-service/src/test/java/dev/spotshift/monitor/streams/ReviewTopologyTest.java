package dev.spotshift.monitor.streams;

import static dev.spotshift.monitor.streams.Events.healthy;
import static dev.spotshift.monitor.streams.Events.shortThresholds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.MetricSample;
import dev.spotshift.events.MigrationDecision;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.ReviewMetric;
import dev.spotshift.events.ReviewRule;
import dev.spotshift.events.ReviewSignal;
import dev.spotshift.events.ReviewState;
import dev.spotshift.events.ReviewSummary;
import dev.spotshift.schemas.Topics;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReviewTopologyTest {

    private static final String PLAN = "plan-review";
    private static final long T0 = 1_700_000_000_000L;
    /** Seed 000's resource_utilization rule (80 % -> scale_review), its 5 minutes shortened to 5 s. */
    private static final ReviewRule SCALE_REVIEW = ReviewRule.newBuilder().setAction("scale_review")
            .setMetric(ReviewMetric.CPU_UTILISATION_PERCENT).setAtMost(80.0).setWindowMillis(5_000).build();
    private MonitorDriver monitor;

    @BeforeEach
    void start() throws Exception {
        monitor = new MonitorDriver(Instant.ofEpochMilli(T0));
        MigrationDecision approved = Events.approved(PLAN, T0, shortThresholds());
        approved.getPlan().setReviews(List.of(SCALE_REVIEW));
        monitor.publish(Topics.MIGRATION_DECISIONS, PLAN, approved, T0);
    }

    @AfterEach
    void stop() throws Exception {
        monitor.close();
    }

    @Test
    void signalsAScaleReviewOnceWhileCpuStaysHighListsItInTheStatusAndOrdersNoRollback() {
        // Given ten seconds of a healthy workload at 90 % CPU on full spot
        for (int i = 1; i <= 10; i++) {
            publish(MetricSample.newBuilder(healthy(PLAN, T0 + i * 1_000L, 100)).setCpuUtilisationPercent(90).build());
        }

        // Then one review signal, raised, answering the sample that completed the window
        List<ReviewSignal> signals = monitor.read(Topics.REVIEW_SIGNALS);
        assertThat(signals).singleElement().satisfies(s -> {
            assertThat(s.getAction()).isEqualTo("scale_review");
            assertThat(s.getState()).isEqualTo(ReviewState.RAISED);
            assertThat(s.getMeasurement().getObserved()).isEqualTo(90.0);
            assertThat(s.getMeasurement().getThreshold()).isEqualTo(80.0);
            assertThat(s.getEnvelope().getPlanId()).isEqualTo(PLAN);
        });
        // And the status lists it open, while no capacity moves
        MigrationStatus status = monitor.latest(Topics.MIGRATION_STATUS);
        assertThat(status.getReviews()).singleElement().satisfies(r -> {
            assertThat(r.getOpen()).isTrue();
            assertThat(r.getRaised()).isEqualTo(1);
        });
        assertThat(monitor.read(Topics.ROLLBACK_COMMANDS)).isEmpty();

        // When the CPU comes back under 80 % for a whole window
        for (int i = 11; i <= 17; i++) {
            publish(MetricSample.newBuilder(healthy(PLAN, T0 + i * 1_000L, 100)).setCpuUtilisationPercent(40).build());
        }

        // Then the review is cleared, in the signals and in the status
        assertThat(monitor.read(Topics.REVIEW_SIGNALS)).singleElement()
                .satisfies(s -> assertThat(s.getState()).isEqualTo(ReviewState.CLEARED));
        assertThat(monitor.latest(Topics.MIGRATION_STATUS).getReviews()).extracting(ReviewSummary::getOpen)
                .containsExactly(false);
    }

    private void publish(MetricSample s) {
        monitor.publish(Topics.WORKLOAD_METRICS, PLAN, s, s.getEnvelope().getOccurredAt().toEpochMilli());
    }
}
