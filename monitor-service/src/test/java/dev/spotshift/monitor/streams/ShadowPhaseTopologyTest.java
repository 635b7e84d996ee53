package dev.spotshift.monitor.streams;

import static dev.spotshift.monitor.streams.Events.approved;
import static dev.spotshift.monitor.streams.Events.baselineCaptured;
import static dev.spotshift.monitor.streams.Events.shadowRunStarted;
import static dev.spotshift.monitor.streams.Events.shadowSample;
import static dev.spotshift.monitor.streams.Events.shortThresholds;
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
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Seed 000's shadow criteria judged once over the whole shadow run (processing time <= baseline + 5 %, job success
 * 100 %, resource efficiency >= baseline, no output mismatch), not on a sample: the executor shifts on that verdict.
 */
class ShadowPhaseTopologyTest {

    private static final String PLAN = "plan-shadow";
    private static final long T0 = 1_700_000_000_000L;
    private static final long RUN_STARTS = T0 + 2_000;
    private static final long RUN_ENDS = T0 + 12_000;
    /** The baseline: 1,000 ms a job, 100 micro-dollars a job on on-demand. */
    private static final long BASELINE_JOB_MILLIS = 1_000;
    private MonitorDriver monitor;
    private RolloutEvent announced;

    @BeforeEach
    void start() throws Exception {
        monitor = new MonitorDriver(Instant.ofEpochMilli(T0));
        monitor.publish(Topics.MIGRATION_DECISIONS, PLAN, approved(PLAN, T0, shortThresholds()), T0);
        monitor.publish(Topics.ROLLOUT_EVENTS, PLAN, baselineCaptured(PLAN, T0 + 1_000, BASELINE_JOB_MILLIS), T0 + 1_000);
        announced = shadowRunStarted(PLAN, RUN_STARTS, RUN_ENDS);
        monitor.publish(Topics.ROLLOUT_EVENTS, PLAN, announced, RUN_STARTS);
    }

    @AfterEach
    void stop() throws Exception {
        monitor.close();
    }

    @Test
    void givenAShadowRunThatHeldEveryCriterionWhenItEndsThenOneShadowPhaseVerdictPassesAndTheStatusListsEachCriterion() {
        // Given nine seconds of shadow jobs at the baseline's time, all completed, costing 30 % of the baseline per job
        // (one sample delivered twice)
        shadowSeconds(i -> shadowSample(PLAN, RUN_STARTS + i * 1_000L, 10, 0, BASELINE_JOB_MILLIS, 300));
        MetricSample redelivered = shadowSample(PLAN, RUN_STARTS + 1_000, 10, 0, BASELINE_JOB_MILLIS, 300);
        publish(redelivered);

        // When the run ends (and its grace passes)
        endOfRun();

        // Then one verdict of scope SHADOW_PHASE passes, answering the announcement, over the run's nine samples
        GateVerdict verdict = onlyVerdict();
        assertThat(verdict.getScope()).isEqualTo(GateScope.SHADOW_PHASE);
        assertThat(verdict.getStepIndex()).isEqualTo(-1);
        assertThat(verdict.getResult()).isEqualTo(GateResult.PASS);
        assertThat(verdict.getEnvelope().getCausationId()).isEqualTo(announced.getEnvelope().getEventId());
        assertThat(verdict.getSamples()).isEqualTo(9);
        assertThat(verdict.getWindowStart()).isEqualTo(Instant.ofEpochMilli(RUN_STARTS));
        assertThat(verdict.getWindowEnd()).isEqualTo(Instant.ofEpochMilli(RUN_ENDS));

        // And the status lists each shadow criterion with its threshold and measured value
        MigrationStatus status = monitor.latest(Topics.MIGRATION_STATUS);
        assertThat(status.getShadowCriteria().getResult()).isEqualTo(GateResult.PASS);
        assertThat(status.getShadowCriteria().getMeasurements())
                .extracting(Measurement::getMetric, Measurement::getObserved, Measurement::getThreshold)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("shadow_job_success_percent", 100.0, 100.0),
                        org.assertj.core.groups.Tuple.tuple("shadow_processing_time_increase_percent", 0.0, 5.0),
                        org.assertj.core.groups.Tuple.tuple("shadow_cost_per_job_percent_of_baseline", 30.0, 100.0),
                        org.assertj.core.groups.Tuple.tuple("shadow_output_mismatches", 0.0, 0.0));
        assertThat(status.getLastVerdict()).isEqualTo("shadow run: PASS");
        // And the shadow run ordered nothing back
        assertThat(monitor.read(Topics.ROLLBACK_COMMANDS)).isEmpty();
    }

    @Test
    void givenOneSlowIntervalInARunWithinFivePercentOverallWhenItEndsThenNothingIsOrderedBackAndThePhasePasses() {
        // Given one second of shadow jobs at 1,200 ms (+20 %) among eight at the baseline's 1,000 ms: 1,022 ms (+2.2 %) overall
        shadowSeconds(i -> shadowSample(PLAN, RUN_STARTS + i * 1_000L, 10, 0, i == 1 ? 1_200 : BASELINE_JOB_MILLIS, 300));

        // When the run ends
        endOfRun();

        // Then the slow interval alone ordered no rollback, and the run as a whole held its + 5 %
        assertThat(monitor.read(Topics.ROLLBACK_COMMANDS)).isEmpty();
        GateVerdict verdict = onlyVerdict();
        assertThat(verdict.getResult()).isEqualTo(GateResult.PASS);
        assertThat(measurement(verdict, "shadow_processing_time_increase_percent").getObserved())
                .isCloseTo(20.0 / 9, org.assertj.core.data.Offset.offset(0.001));
    }

    @Test
    void givenAShadowRunTenPercentSlowerThanTheBaselineWhenItEndsThenTheVerdictFailsNamingTheIncreaseAndItsBound() {
        // Given every shadow job taking 1,100 ms against the baseline's 1,000 ms
        shadowSeconds(i -> shadowSample(PLAN, RUN_STARTS + i * 1_000L, 10, 0, 1_100, 300));

        // When the run ends
        endOfRun();

        // Then the verdict fails on processing time alone, with its measured value, bound and baseline
        GateVerdict verdict = onlyVerdict();
        assertThat(verdict.getResult()).isEqualTo(GateResult.FAIL);
        Measurement time = measurement(verdict, "shadow_processing_time_increase_percent");
        assertThat(time.getObserved()).isCloseTo(10.0, org.assertj.core.data.Offset.offset(0.001));
        assertThat(time.getThreshold()).isEqualTo(5.0);
        assertThat(time.getBaseline()).isEqualTo(1_000.0);
        assertThat(time.getPassed()).isFalse();
        assertThat(verdict.getMeasurements()).filteredOn(m -> !m.getPassed()).containsExactly(time);
        assertThat(verdict.getReasons()).extracting(Reason::getCode)
                .containsExactly("SHADOW_CRITERION_SHADOW_PROCESSING_TIME_INCREASE_PERCENT_MISSED");
        // And the status carries it, the decision left to the executor: no rollback ordered by the monitor
        assertThat(monitor.latest(Topics.MIGRATION_STATUS).getShadowCriteria().getResult()).isEqualTo(GateResult.FAIL);
        assertThat(monitor.read(Topics.ROLLBACK_COMMANDS)).isEmpty();
    }

    @Test
    void givenOneFailedShadowJobWhenTheRunEndsThenJobSuccessMissesItsHundredPercent() {
        // Given 89 completed shadow jobs and one failed
        shadowSeconds(i -> shadowSample(PLAN, RUN_STARTS + i * 1_000L, i == 1 ? 9 : 10, i == 1 ? 1 : 0,
                BASELINE_JOB_MILLIS, 300));

        // When the run ends
        endOfRun();

        // Then job success (the seed's error rate 0 %) misses
        GateVerdict verdict = onlyVerdict();
        assertThat(verdict.getResult()).isEqualTo(GateResult.FAIL);
        Measurement success = measurement(verdict, "shadow_job_success_percent");
        assertThat(success.getObserved()).isCloseTo(8_900.0 / 90, org.assertj.core.data.Offset.offset(0.001));
        assertThat(success.getThreshold()).isEqualTo(100.0);
        assertThat(success.getPassed()).isFalse();
    }

    @Test
    void givenShadowCapacityCostingMoreAJobThanTheBaselineWhenTheRunEndsThenResourceEfficiencyMisses() {
        // Given shadow jobs costing 120 micro-dollars each against the baseline's 100
        shadowSeconds(i -> shadowSample(PLAN, RUN_STARTS + i * 1_000L, 10, 0, BASELINE_JOB_MILLIS, 1_200));

        // When the run ends
        endOfRun();

        // Then resource efficiency (cost per job at most the baseline's) misses, with the baseline's cost per job
        GateVerdict verdict = onlyVerdict();
        assertThat(verdict.getResult()).isEqualTo(GateResult.FAIL);
        Measurement efficiency = measurement(verdict, "shadow_cost_per_job_percent_of_baseline");
        assertThat(efficiency.getObserved()).isCloseTo(120.0, org.assertj.core.data.Offset.offset(0.001));
        assertThat(efficiency.getThreshold()).isEqualTo(100.0);
        assertThat(efficiency.getBaseline()).isEqualTo(100.0);
        assertThat(efficiency.getPassed()).isFalse();
    }

    @Test
    void givenNoShadowSampleInTheRunWhenItEndsThenTheVerdictIsInconclusiveNeverAPass() {
        // Given serving samples only and a shadow sample after the run's end
        publish(Events.healthy(PLAN, RUN_STARTS + 1_000, 0));
        publish(shadowSample(PLAN, RUN_ENDS + 500, 10, 0, BASELINE_JOB_MILLIS, 300));

        // When the run ends
        endOfRun();

        // Then the verdict cannot pass: job success, time and efficiency could not be measured
        GateVerdict verdict = onlyVerdict();
        assertThat(verdict.getResult()).isEqualTo(GateResult.INCONCLUSIVE);
        assertThat(verdict.getSamples()).isZero();
        assertThat(verdict.getReasons()).extracting(Reason::getCode)
                .contains("NO_SHADOW_JOBS", "NO_SHADOW_JOB_TIMES", "NO_SHADOW_COST");
    }

    /** Nine shadow samples, one a second inside the run. */
    private void shadowSeconds(IntFunction<MetricSample> second) {
        for (int i = 1; i <= 9; i++) {
            publish(second.apply(i));
        }
    }

    private void publish(MetricSample s) {
        monitor.publish(Topics.WORKLOAD_METRICS, PLAN, s, s.getEnvelope().getOccurredAt().toEpochMilli());
    }

    private void endOfRun() {
        monitor.advanceWallClock(Duration.ofMillis(RUN_ENDS - T0 + MonitorDriver.GATE_GRACE_MILLIS));
    }

    private GateVerdict onlyVerdict() {
        var verdicts = monitor.read(Topics.GATE_VERDICTS);
        assertThat(verdicts).hasSize(1);
        return verdicts.get(0);
    }

    private static Measurement measurement(GateVerdict verdict, String metric) {
        return verdict.getMeasurements().stream().filter(m -> m.getMetric().equals(metric)).findFirst().orElseThrow();
    }
}
