package dev.spotshift.monitor.streams;

import static dev.spotshift.monitor.streams.Events.approved;
import static dev.spotshift.monitor.streams.Events.healthy;
import static dev.spotshift.monitor.streams.Events.sample;
import static dev.spotshift.monitor.streams.Events.shortThresholds;
import static dev.spotshift.monitor.streams.Events.stepStarted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.GateResult;
import dev.spotshift.events.MetricSample;
import dev.spotshift.events.Reason;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GateTopologyTest {

    private static final String PLAN = "plan-gate";
    private static final long T0 = 1_700_000_000_000L;
    private static final long GATE_DUE = T0 + 11_000;
    private MonitorDriver monitor;
    private RolloutEvent step;

    @BeforeEach
    void start() throws Exception {
        monitor = new MonitorDriver(Instant.ofEpochMilli(T0));
        monitor.publish(Topics.MIGRATION_DECISIONS, PLAN, approved(PLAN, T0, shortThresholds()), T0);
        step = stepStarted(PLAN, T0 + 1_000, 0, 0, 25, GATE_DUE);
        monitor.publish(Topics.ROLLOUT_EVENTS, PLAN, step, T0 + 1_000);
    }

    @AfterEach
    void stop() throws Exception {
        monitor.close();
    }

    private void publishSample(MetricSample s) {
        monitor.publish(Topics.WORKLOAD_METRICS, PLAN, s, s.getEnvelope().getOccurredAt().toEpochMilli());
    }

    @Test
    void passesTheGateOnWallClockTimeWhenTheStreamHasGoneQuiet() {
        // Given a clean step window with 30 jobs, then silence
        for (int i = 2; i <= 4; i++) {
            publishSample(healthy(PLAN, T0 + i * 1_000L, 25));
        }
        assertThat(monitor.read(Topics.GATE_VERDICTS)).isEmpty();

        // When the wall clock passes gateDueAt and its grace
        monitor.advanceWallClock(Duration.ofMillis(GATE_DUE - T0 + MonitorDriver.GATE_GRACE_MILLIS));

        // Then one PASS verdict answers the step start
        assertThat(monitor.read(Topics.GATE_VERDICTS)).singleElement().satisfies(v -> {
            assertThat(v.getResult()).isEqualTo(GateResult.PASS);
            assertThat(v.getStepIndex()).isZero();
            assertThat(v.getSamples()).isEqualTo(3);
            assertThat(v.getWindowStart()).isEqualTo(Instant.ofEpochMilli(T0 + 1_000));
            assertThat(v.getWindowEnd()).isEqualTo(Instant.ofEpochMilli(GATE_DUE));
            assertThat(v.getEnvelope().getCausationId()).isEqualTo(step.getEnvelope().getEventId());
        });
    }

    @Test
    void emitsExactlyOneVerdictPerStep() {
        publishSample(healthy(PLAN, T0 + 2_000, 25));

        monitor.advanceWallClock(Duration.ofSeconds(20));
        monitor.advanceWallClock(Duration.ofSeconds(20));
        publishSample(healthy(PLAN, GATE_DUE + 30_000, 25));

        assertThat(monitor.read(Topics.GATE_VERDICTS)).hasSize(1);
        assertThat(monitor.counter("spotshift.monitor.verdicts")).isEqualTo(1);
    }

    @Test
    void waitsForTheGraceBeforeJudging() {
        monitor.advanceWallClock(Duration.ofMillis(GATE_DUE - T0 + MonitorDriver.GATE_GRACE_MILLIS - 1));

        assertThat(monitor.read(Topics.GATE_VERDICTS)).isEmpty();
    }

    @Test
    void isInconclusiveWhenNoSampleArrivedInTheWindow() {
        monitor.advanceWallClock(Duration.ofSeconds(15));

        assertThat(monitor.read(Topics.GATE_VERDICTS)).singleElement().satisfies(v -> {
            assertThat(v.getResult()).isEqualTo(GateResult.INCONCLUSIVE);
            assertThat(v.getReasons()).extracting(Reason::getCode).containsExactly("NO_SAMPLES");
        });
    }

    @Test
    void waitsForTheWallClockEvenWhenLaterSamplesPassTheGateDueTime() {
        // Given a clean window
        for (int i = 2; i <= 4; i++) {
            publishSample(healthy(PLAN, T0 + i * 1_000L, 25));
        }

        // When a sample dated past gateDueAt + grace arrives (stream time moves; the wall clock has not)
        publishSample(healthy(PLAN, GATE_DUE + 2_000, 25));

        // Then the gate is not judged yet: decisions follow the wall clock, not the data's timestamps
        assertThat(monitor.read(Topics.GATE_VERDICTS)).isEmpty();

        // When the wall clock reaches gateDueAt + grace, Then it is judged once
        monitor.advanceWallClock(Duration.ofMillis(GATE_DUE - T0 + MonitorDriver.GATE_GRACE_MILLIS));
        assertThat(monitor.read(Topics.GATE_VERDICTS)).singleElement()
                .satisfies(v -> assertThat(v.getResult()).isEqualTo(GateResult.PASS));
    }

    @Test
    void leavesAnOpenGateUnjudgedUntilItsWallClockDueTimeWhenARecordIsDatedAnHourAhead() {
        // Given a clean window
        for (int i = 2; i <= 4; i++) {
            publishSample(healthy(PLAN, T0 + i * 1_000L, 25));
        }
        long anHourAhead = T0 + 3_600_000;

        // When a sample dated an hour ahead of the wall clock arrives
        publishSample(healthy(PLAN, anHourAhead, 25));

        // Then it is a dead letter saying why, and the gate stays open
        assertThat(monitor.read(Topics.DEAD_LETTERS)).singleElement().satisfies(d -> {
            assertThat(d.getSourceTopic()).isEqualTo(Topics.WORKLOAD_METRICS.name());
            assertThat(d.getReason()).contains("ahead of the wall clock").contains("PT5M");
            assertThat(d.getValue()).isNotNull();
        });
        assertThat(monitor.read(Topics.GATE_VERDICTS)).isEmpty();

        // When the wall clock reaches the gate's due time and grace
        monitor.advanceWallClock(Duration.ofMillis(GATE_DUE - T0 + MonitorDriver.GATE_GRACE_MILLIS));

        // Then the gate is judged on its own window, without the future sample
        assertThat(monitor.read(Topics.GATE_VERDICTS)).singleElement().satisfies(v -> {
            assertThat(v.getResult()).isEqualTo(GateResult.PASS);
            assertThat(v.getSamples()).isEqualTo(3);
        });
    }

    @Test
    void judgesLaterSamplesOfThePlanAfterAFutureDatedOne() {
        // Given a sample dated an hour ahead was refused
        publishSample(healthy(PLAN, T0 + 3_600_000, 25));
        monitor.read(Topics.DEAD_LETTERS);

        // When the plan's next samples arrive on time
        for (int i = 2; i <= 4; i++) {
            publishSample(healthy(PLAN, T0 + i * 1_000L, 25));
        }

        // Then none is "late": all are judged and none is dead-lettered
        assertThat(monitor.read(Topics.DEAD_LETTERS)).isEmpty();
        assertThat(monitor.counter("spotshift.monitor.samples.judged")).isEqualTo(3);
    }

    @Test
    void countsALateSampleThatArrivesWithinTheGrace() {
        // Given a slow sample from inside the window that arrives after gateDueAt, within the grace
        for (int i = 2; i <= 4; i++) {
            publishSample(healthy(PLAN, T0 + i * 1_000L, 25));
        }
        monitor.advanceWallClock(Duration.ofMillis(GATE_DUE - T0));
        publishSample(sample(PLAN, GATE_DUE - 500, 10, 0, 2_000, 25));

        monitor.advanceWallClock(Duration.ofMillis(MonitorDriver.GATE_GRACE_MILLIS));

        assertThat(monitor.read(Topics.GATE_VERDICTS)).singleElement().satisfies(v -> {
            assertThat(v.getResult()).isEqualTo(GateResult.FAIL);
            assertThat(v.getSamples()).isEqualTo(4);
        });
    }

    @Test
    void leavesOutASampleThatArrivesAfterTheVerdict() {
        for (int i = 2; i <= 4; i++) {
            publishSample(healthy(PLAN, T0 + i * 1_000L, 25));
        }
        monitor.advanceWallClock(Duration.ofMillis(GATE_DUE - T0 + MonitorDriver.GATE_GRACE_MILLIS));

        publishSample(sample(PLAN, GATE_DUE - 500, 10, 0, 2_000, 25));

        assertThat(monitor.read(Topics.GATE_VERDICTS)).singleElement()
                .satisfies(v -> assertThat(v.getResult()).isEqualTo(GateResult.PASS));
    }
}
