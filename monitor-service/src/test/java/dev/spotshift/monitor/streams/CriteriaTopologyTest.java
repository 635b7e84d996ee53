package dev.spotshift.monitor.streams;

import static dev.spotshift.monitor.streams.Events.approved;
import static dev.spotshift.monitor.streams.Events.healthy;
import static dev.spotshift.monitor.streams.Events.shortThresholds;
import static dev.spotshift.monitor.streams.Events.validationStarted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.GateResult;
import dev.spotshift.events.GateScope;
import dev.spotshift.events.GateVerdict;
import dev.spotshift.events.Measurement;
import dev.spotshift.events.MetricSample;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.Reason;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CriteriaTopologyTest {

    private static final String PLAN = "plan-criteria";
    private static final long T0 = 1_700_000_000_000L;
    private static final long PERIOD_ENDS = T0 + 11_000;
    private MonitorDriver monitor;

    @BeforeEach
    void start() throws Exception {
        monitor = new MonitorDriver(Instant.ofEpochMilli(T0));
        monitor.publish(Topics.MIGRATION_DECISIONS, PLAN, approved(PLAN, T0, shortThresholds()), T0);
    }

    @AfterEach
    void stop() throws Exception {
        monitor.close();
    }

    @Test
    void judgesSavingsOfFortyFivePercentAgainstFiftyAsAMissAndListsEveryCriterionInTheStatus() {
        // Given the executor announced the validation period with a 50 % savings criterion
        RolloutEvent period = validationStarted(PLAN, T0 + 1_000, PERIOD_ENDS, 50.0);
        monitor.publish(Topics.ROLLOUT_EVENTS, PLAN, period, T0 + 1_000);

        // And the period's samples save 45 % (cost 550 of 1000 on-demand)
        for (int i = 2; i <= 10; i++) {
            MetricSample s = MetricSample.newBuilder(healthy(PLAN, T0 + i * 1_000L, 100))
                    .setCostMicros(550).setOnDemandCostMicros(1_000).build();
            monitor.publish(Topics.WORKLOAD_METRICS, PLAN, s, s.getEnvelope().getOccurredAt().toEpochMilli());
        }

        // When the period ends (and its grace passes)
        monitor.advanceWallClock(Duration.ofMillis(PERIOD_ENDS - T0 + MonitorDriver.GATE_GRACE_MILLIS));

        // Then one verdict on the period says FAIL, answering the announcement
        GateVerdict verdict = monitor.read(Topics.GATE_VERDICTS).get(0);
        assertThat(verdict.getScope()).isEqualTo(GateScope.VALIDATION_PERIOD);
        assertThat(verdict.getStepIndex()).isEqualTo(-1);
        assertThat(verdict.getResult()).isEqualTo(GateResult.FAIL);
        assertThat(verdict.getEnvelope().getCausationId()).isEqualTo(period.getEnvelope().getEventId());
        assertThat(verdict.getReasons()).extracting(Reason::getCode).contains("CRITERION_COST_SAVINGS_PERCENT_MISSED");

        // And the status lists each criterion with its threshold and measured value
        MigrationStatus status = monitor.latest(Topics.MIGRATION_STATUS);
        assertThat(status.getCriteria().getResult()).isEqualTo(GateResult.FAIL);
        assertThat(status.getCriteria().getMeasurements()).extracting(Measurement::getMetric).containsExactly(
                "job_completion_rate_percent", "processing_time_increase_percent", "cost_savings_percent");
        Measurement savings = status.getCriteria().getMeasurements().get(2);
        assertThat(savings.getObserved()).isEqualTo(45.0);
        assertThat(savings.getThreshold()).isEqualTo(50.0);
        assertThat(savings.getPassed()).isFalse();
    }

    @Test
    void passesThePeriodWhenEveryCriterionHeld() {
        // Given a period whose samples save 70 % at the baseline's job time
        monitor.publish(Topics.ROLLOUT_EVENTS, PLAN, validationStarted(PLAN, T0 + 1_000, PERIOD_ENDS, 50.0), T0 + 1_000);
        for (int i = 2; i <= 10; i++) {
            MetricSample s = healthy(PLAN, T0 + i * 1_000L, 100);
            monitor.publish(Topics.WORKLOAD_METRICS, PLAN, s, s.getEnvelope().getOccurredAt().toEpochMilli());
        }

        // When the period ends
        monitor.advanceWallClock(Duration.ofMillis(PERIOD_ENDS - T0 + MonitorDriver.GATE_GRACE_MILLIS));

        // Then it passes
        assertThat(monitor.read(Topics.GATE_VERDICTS)).singleElement().satisfies(v -> {
            assertThat(v.getScope()).isEqualTo(GateScope.VALIDATION_PERIOD);
            assertThat(v.getResult()).isEqualTo(GateResult.PASS);
            assertThat(v.getMeasurements()).allSatisfy(m -> assertThat(m.getPassed()).isTrue());
        });
    }
}
