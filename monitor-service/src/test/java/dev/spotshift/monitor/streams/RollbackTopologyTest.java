package dev.spotshift.monitor.streams;

import static dev.spotshift.monitor.streams.Events.approved;
import static dev.spotshift.monitor.streams.Events.healthy;
import static dev.spotshift.monitor.streams.Events.sample;
import static dev.spotshift.monitor.streams.Events.shortThresholds;
import static dev.spotshift.monitor.streams.Events.stepStarted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.MetricSample;
import dev.spotshift.events.RollbackCommand;
import dev.spotshift.events.RollbackLevel;
import dev.spotshift.events.RollbackTrigger;
import dev.spotshift.schemas.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RollbackTopologyTest {

    private static final String PLAN = "plan-rb";
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

    private void liveAtStepOne() {
        monitor.publish(Topics.MIGRATION_DECISIONS, PLAN, approved(PLAN, T0, shortThresholds()), T0);
        monitor.publish(Topics.ROLLOUT_EVENTS, PLAN, stepStarted(PLAN, T0 + 1_000, 0, 0, 25, T0 + 60_000), T0 + 1_000);
    }

    private MetricSample publishSample(MetricSample s) {
        monitor.publish(Topics.WORKLOAD_METRICS, PLAN, s, s.getEnvelope().getOccurredAt().toEpochMilli());
        return s;
    }

    @Test
    void rollsBackToOnDemandWhenErrorRateBreachesInOneMinute() {
        // Given a live plan with 30 clean jobs in the window
        liveAtStepOne();
        for (int i = 2; i <= 4; i++) {
            publishSample(healthy(PLAN, T0 + i * 1_000L, 25));
        }

        // When one job of the next ten fails
        MetricSample breaching = publishSample(sample(PLAN, T0 + 5_000, 9, 1, 1_000, 25));

        // Then one full rollback answers the breaching sample
        assertThat(monitor.read(Topics.ROLLBACK_COMMANDS)).singleElement().satisfies(c -> {
            assertThat(c.getLevel()).isEqualTo(RollbackLevel.FULL);
            assertThat(c.getTrigger()).isEqualTo(RollbackTrigger.ERROR_RATE);
            assertThat(c.getCommandId()).isEqualTo(PLAN + ":ERROR_RATE:" + (T0 + 5_000 - 10_000));
            assertThat(c.getWindowEnd()).isEqualTo(Instant.ofEpochMilli(T0 + 5_000));
            assertThat(c.getBreachingSampleId()).isEqualTo(breaching.getEnvelope().getEventId());
            assertThat(c.getEnvelope().getCausationId()).isEqualTo(breaching.getEnvelope().getEventId());
            assertThat(c.getMeasurements()).anySatisfy(m -> assertThat(m.getMetric()).isEqualTo("error_rate_percent"));
        });
    }

    @Test
    void emitsOneCommandHoweverOftenTheBreachRepeats() {
        liveAtStepOne();
        List<MetricSample> breaching = new ArrayList<>();
        for (int i = 2; i <= 8; i++) {
            breaching.add(publishSample(sample(PLAN, T0 + i * 1_000L, 5, 5, 1_000, 25)));
        }

        List<RollbackCommand> commands = monitor.read(Topics.ROLLBACK_COMMANDS);

        assertThat(commands).hasSize(1);
        assertThat(commands.get(0).getBreachingSampleId()).isEqualTo(breaching.get(0).getEnvelope().getEventId());
        assertThat(monitor.counter("spotshift.monitor.commands.suppressed")).isEqualTo(6);
    }

    @Test
    void emitsOnUpdateWithoutWaitingForTheWindowToClose() {
        liveAtStepOne();

        publishSample(sample(PLAN, T0 + 2_000, 3, 1, 1_000, 25));

        // the command is out before any later record or wall-clock tick
        assertThat(monitor.read(Topics.ROLLBACK_COMMANDS)).singleElement().satisfies(c -> {
            assertThat(c.getTrigger()).isEqualTo(RollbackTrigger.JOB_FAILURE);
            assertThat(c.getReason()).contains("below the 20 needed for a rate");
        });
    }

    @Test
    void stepsBackOnceWhenTwelvePercentDegradationIsSustainedOverTheGradualWindow() {
        // Given 20 s of jobs 12 % slower than the 1 000 ms baseline (window: 15 s)
        liveAtStepOne();
        for (int i = 2; i <= 21; i++) {
            publishSample(sample(PLAN, T0 + i * 1_000L, 10, 0, 1_120, 25));
        }

        // Then exactly one step rollback, for the first fully covered window
        assertThat(monitor.read(Topics.ROLLBACK_COMMANDS)).singleElement().satisfies(c -> {
            assertThat(c.getLevel()).isEqualTo(RollbackLevel.STEP);
            assertThat(c.getTrigger()).isEqualTo(RollbackTrigger.PERFORMANCE_DEGRADATION);
            assertThat(c.getWindowStart()).isEqualTo(Instant.ofEpochMilli(T0 + 1_000));
        });
    }

    @Test
    void judgesOnlyPlansThatAreLive() {
        // Given samples for a plan never approved
        publishSample(sample(PLAN, T0 + 2_000, 0, 10, 1_000, 25));

        assertThat(monitor.read(Topics.ROLLBACK_COMMANDS)).isEmpty();
        assertThat(monitor.metrics.samplesIgnored()).isEqualTo(1);
        assertThat(monitor.read(Topics.DEAD_LETTERS)).isEmpty();
    }

    @Test
    void ignoresShadowSamples() {
        liveAtStepOne();
        MetricSample shadow = sample(PLAN, T0 + 2_000, 0, 10, 1_000, 25);
        shadow.setShadow(true);

        publishSample(shadow);

        assertThat(monitor.read(Topics.ROLLBACK_COMMANDS)).isEmpty();
        assertThat(monitor.metrics.samplesIgnored()).isEqualTo(1);
    }

    @Test
    void givenAShadowRunWhenAJobsOutputsDifferThenOneFullRollbackNamesTheJobAndBothChecksums() {
        // Given a live plan in its shadow run (approved, no step yet)
        monitor.publish(Topics.MIGRATION_DECISIONS, PLAN, approved(PLAN, T0, shortThresholds()), T0);
        // When a shadow sample reports job-0's spot output differing from its on-demand output
        MetricSample shadow = sample(PLAN, T0 + 2_000, 10, 0, 1_000, 100);
        shadow.setShadow(true);
        shadow.setDataInconsistencies(1);
        shadow.setOutputMismatches(List.of(new dev.spotshift.events.OutputMismatch("plan-rb/job-0", "aaa1", "bbb2")));
        publishSample(shadow);
        MetricSample again = sample(PLAN, T0 + 3_000, 10, 0, 1_000, 100);
        again.setShadow(true);
        again.setDataInconsistencies(1);
        again.setOutputMismatches(List.of(new dev.spotshift.events.OutputMismatch("plan-rb/job-1", "ccc3", "ddd4")));
        publishSample(again);

        // Then one full rollback on the data-inconsistency trigger, its reason naming the job and both checksums
        assertThat(monitor.read(Topics.ROLLBACK_COMMANDS)).singleElement().satisfies(c -> {
            RollbackCommand cmd = (RollbackCommand) c;
            assertThat(cmd.getTrigger()).isEqualTo(RollbackTrigger.DATA_INCONSISTENCY);
            assertThat(cmd.getLevel()).isEqualTo(RollbackLevel.FULL);
            assertThat(cmd.getBreachingSampleId()).isEqualTo(shadow.getEnvelope().getEventId());
            assertThat(cmd.getReason()).contains("plan-rb/job-0", "aaa1", "bbb2");
            assertThat(cmd.getMeasurements()).singleElement()
                    .satisfies(m -> assertThat(m.getMetric()).isEqualTo("shadow_output_mismatches"));
        });
    }

    @Test
    void givenAShadowRunWhenOutputsAgreeThenNoRollbackAndTheSampleStaysOutOfTheWindow() {
        monitor.publish(Topics.MIGRATION_DECISIONS, PLAN, approved(PLAN, T0, shortThresholds()), T0);
        MetricSample shadow = sample(PLAN, T0 + 2_000, 10, 0, 1_000, 100);
        shadow.setShadow(true);
        publishSample(shadow);
        assertThat(monitor.read(Topics.ROLLBACK_COMMANDS)).isEmpty();
        assertThat(monitor.metrics.samplesIgnored()).isEqualTo(1);
    }

    @Test
    void givenAShadowRunWhenItsJobsStayWithinTheBaselinePlusFivePercentThenNoRollback() {
        // Given seed 000's plan in its shadow run, the baseline captured at 1,000 ms (gate: +5 %)
        inShadowRunWithBaseline(1_000);
        // When the shadow capacity's jobs take 1,050 ms
        MetricSample shadow = sample(PLAN, T0 + 3_000, 10, 0, 1_050, 100);
        shadow.setShadow(true);
        publishSample(shadow);
        // Then nothing is ordered back: the shadow phase may pass
        assertThat(monitor.read(Topics.ROLLBACK_COMMANDS)).isEmpty();
    }

    @Test
    void givenAShadowRunWhenSomeIntervalsAreSlowerThanTheBaselinePlusFivePercentThenNothingIsOrderedBackAtOnce() {
        // Given seed 000's plan in its shadow run, the baseline captured at 1,000 ms (gate: +5 %)
        inShadowRunWithBaseline(1_000);
        // When the shadow capacity's jobs take 1,200 ms, twice
        MetricSample shadow = sample(PLAN, T0 + 3_000, 10, 0, 1_200, 100);
        shadow.setShadow(true);
        publishSample(shadow);
        MetricSample again = sample(PLAN, T0 + 4_000, 10, 0, 1_300, 100);
        again.setShadow(true);
        publishSample(again);
        // Then no sample orders a rollback: the run's time is judged over the whole run when it ends
        // (ShadowPhaseTopologyTest), only a mismatch is an immediate trigger
        assertThat(monitor.read(Topics.ROLLBACK_COMMANDS)).isEmpty();
    }

    private void inShadowRunWithBaseline(long jobMillis) {
        monitor.publish(Topics.MIGRATION_DECISIONS, PLAN, approved(PLAN, T0, shortThresholds()), T0);
        monitor.publish(Topics.ROLLOUT_EVENTS, PLAN, Events.baselineCaptured(PLAN, T0 + 2_000, jobMillis), T0 + 2_000);
    }
}
