package dev.spotshift.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Expansion waves: a later wave's plan waits in APPROVED, untouched, until the wave before has all COMPLETED. */
class WaveGateTest {

    static PlanSpec inWave(int index, List<String> after, List<String> next) {
        return Plans.pilot().toBuilder().wave(new PlanSpec.Wave(index, 2, "week-" + index, after, next)).build();
    }

    private static Input.WaveFinished ended(String planId, Stage outcome) {
        return new Input.WaveFinished(RolloutScenario.id(), planId, outcome);
    }

    @Test
    void givenAFirstWavePlan_whenApproved_thenItSaysItsWaveStartsAndGoesToPreflight() {
        RolloutScenario s = new RolloutScenario().approved(inWave(1, List.of(), List.of("p.logs")));

        assertThat(s.state.stage()).isEqualTo(Stage.PREFLIGHT);
        assertThat(s.published(Payload.WaveStarted.class)).singleElement()
                .satisfies(w -> assertThat(w.message()).contains("wave 1 of 2 (week-1) starts"));
        assertThat(s.commands).anyMatch(c -> c instanceof Command.RunPreflightProbes);
    }

    @Test
    void givenASecondWavePlan_whenApproved_thenItWaitsWithoutAnyCloudCommandOrTimer() {
        RolloutScenario s = new RolloutScenario().approved(inWave(2, List.of("p.report", "p.analytics"), List.of()));

        assertThat(s.state.stage()).isEqualTo(Stage.APPROVED);
        assertThat(s.commands).allMatch(c -> c instanceof Command.Publish);
        assertThat(s.state.timers()).isEmpty();
        assertThat(s.published(Payload.WaveWaiting.class)).singleElement()
                .satisfies(w -> assertThat(w.message()).contains("p.report", "p.analytics"));
    }

    @Test
    void givenAWaitingPlan_whenOnlyOneOfTheWaveBeforeCompleted_thenItKeepsWaitingAndIgnoresMetricsAndRollbacks() {
        RolloutScenario s = new RolloutScenario().approved(inWave(2, List.of("p.report", "p.analytics"), List.of()))
                .apply(ended("p.report", Stage.COMPLETED)).servingMetric()
                .rollback("rb-1", RollbackLevel.FULL, RollbackTrigger.ERROR_RATE);

        assertThat(s.state.stage()).isEqualTo(Stage.APPROVED);
        assertThat(s.state.waveDone()).containsExactly("p.report");
        assertThat(s.commands).allMatch(c -> c instanceof Command.Publish);
    }

    @Test
    void givenAWaitingPlan_whenEveryMigrationOfTheWaveBeforeCompleted_thenItsWaveStartsWithPreflight() {
        RolloutScenario s = new RolloutScenario().approved(inWave(2, List.of("p.report", "p.analytics"), List.of()))
                .apply(ended("p.report", Stage.COMPLETED)).forgetOutput()
                .apply(ended("p.analytics", Stage.COMPLETED));

        assertThat(s.state.stage()).isEqualTo(Stage.PREFLIGHT);
        assertThat(s.published(Payload.WaveStarted.class)).singleElement()
                .satisfies(w -> assertThat(w.message()).contains("wave 2 of 2", "p.report", "p.analytics"));
        assertThat(s.commands).anyMatch(c -> c instanceof Command.RunPreflightProbes);
    }

    @Test
    void givenAWaitingPlan_whenAMigrationOfTheWaveBeforeRolledBack_thenItEndsAbortedBeforeTouchingCapacity() {
        RolloutScenario s = new RolloutScenario().approved(inWave(2, List.of("p.report", "p.analytics"), List.of()))
                .apply(ended("p.analytics", Stage.ROLLED_BACK));

        assertThat(s.state.stage()).isEqualTo(Stage.ABORTED);
        assertThat(s.published(Payload.Finished.class)).singleElement()
                .satisfies(f -> assertThat(f.reason()).contains("p.analytics", "ROLLED_BACK", "does not start"));
        assertThat(s.commands).allMatch(c -> c instanceof Command.Publish);
    }

    @Test
    void givenAWaitingPlan_whenAnOperatorAborts_thenItEndsAtOnce() {
        RolloutScenario s = new RolloutScenario().approved(inWave(2, List.of("p.report"), List.of()))
                .operator(OperatorAction.ABORT, null);

        assertThat(s.state.stage()).isEqualTo(Stage.ABORTED);
        assertThat(s.commands).allMatch(c -> c instanceof Command.Publish);
    }

    @Test
    void givenALaterWavePlanWithoutLinkedPlanIds_whenApproved_thenItFailsPreflightInsteadOfSkippingTheWaveBefore() {
        RolloutScenario s = new RolloutScenario().approved(inWave(2, List.of(), List.of()));

        assertThat(s.state.stage()).isEqualTo(Stage.PREFLIGHT_FAILED);
    }

    @Test
    void givenAPlanThatAlreadyStarted_whenAWaveEndArrives_thenItIsIgnored() {
        RolloutScenario s = new RolloutScenario().approved(inWave(1, List.of(), List.of()))
                .apply(ended("p.other", Stage.COMPLETED));

        assertThat(s.last.applied()).isFalse();
        assertThat(s.state.stage()).isEqualTo(Stage.PREFLIGHT);
    }
}
