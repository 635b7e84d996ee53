package dev.spotshift.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OperatorControlTest {

    private final RolloutScenario run = new RolloutScenario();
    private final PlanSpec plan = Plans.pilot();

    @Test
    void abortMidShiftRollsBackFullyAndRecordsWhoAndWhen() {
        // Given step 1 in flight
        run.atStep(plan, 1);

        // When an operator aborts
        run.operator(OperatorAction.ABORT, null);

        // Then everything is on-demand, the plan ended ABORTED, and the abort is recorded
        assertThat(run.spotShares()).endsWith(0);
        assertThat(run.state.stage()).isEqualTo(Stage.ABORTED);
        assertThat(run.state.abort().abortedAt()).isEqualTo(run.now);
        assertThat(run.state.abort().by()).isEqualTo("alice");
        assertThat(((Payload.Finished) run.lastPublish().payload()).outcome()).isEqualTo(Stage.ABORTED);
    }

    @Test
    void abortDuringBaselineEndsThePlanBeforeAnyShift() {
        // Given a plan in its baseline window
        run.approved(plan).probes(Plans.allProbesPass()).servingMetric();
        assertThat(run.state.stage()).isEqualTo(Stage.BASELINE);

        // When an operator aborts
        run.operator(OperatorAction.ABORT, null).advance(Plans.BASELINE_MS);

        // Then it ends ABORTED and no step ever starts
        assertThat(run.state.stage()).isEqualTo(Stage.ABORTED);
        assertThat(run.published(Payload.StepStarted.class)).isEmpty();
    }

    @Test
    void pauseHoldsTheShareAndResumeRerunsTheStepWithAFreshGate() {
        // Given step 1 in flight
        run.atStep(plan, 1);

        // When an operator pauses, and the verdict arrives meanwhile
        run.operator(OperatorAction.PAUSE, null).advance(Plans.WINDOW_MS).verdict(1, GateResult.PASS);

        // Then nothing proceeds while paused
        assertThat(run.last.applied()).isFalse();
        run.advance(5 * Plans.INTERVAL_MS);
        assertThat(run.spotShares()).containsExactly(25, 50);

        // And resume announces step 1 again at the same share
        run.operator(OperatorAction.RESUME, null);
        assertThat(run.published(Payload.Resumed.class)).extracting(Payload.Resumed::by).containsExactly("alice");
        Payload.StepStarted again = run.published(Payload.StepStarted.class).get(2);
        assertThat(again.stepIndex()).isEqualTo(1);
        assertThat(again.fromSpotPercent()).isEqualTo(50);
    }

    @Test
    void killSwitchReturnsARunningMigrationToOnDemandAndReleaseAloneDoesNotGoBackToSpot() {
        // Given step 2 in flight at 75 %
        run.atStep(plan, 2);

        // When the kill switch is engaged
        run.killSwitch(true);

        // Then capacity goes on-demand with the reason KILL_SWITCH and the plan is held
        Payload.RolledBack rolledBack = run.published(Payload.RolledBack.class).get(0);
        assertThat(rolledBack.trigger()).isEqualTo(RollbackTrigger.KILL_SWITCH);
        assertThat(rolledBack.toSpotPercent()).isZero();
        assertThat(run.state.stage()).isEqualTo(Stage.PAUSED);

        // And an operator cannot resume while it is engaged
        run.operator(OperatorAction.RESUME, null);
        assertThat(run.last.ignoredReason()).contains("kill switch engaged");

        // And its release leaves the plan held until an operator resumes
        run.killSwitch(false);
        assertThat(run.state.stage()).isEqualTo(Stage.PAUSED);
        run.operator(OperatorAction.RESUME, null);
        assertThat(run.spotShares()).endsWith(0, 25);
    }

    @Test
    void killSwitchBlocksANewPlanFromShiftingUntilReleased() {
        // Given a plan in pre-flight when the kill switch is engaged
        run.approved(plan).killSwitch(true).probes(Plans.allProbesPass()).servingMetric();
        run.advance(10 * Plans.BASELINE_MS);

        // Then no shift started
        assertThat(run.spotShares()).isEmpty();
        assertThat(run.state.stage()).isEqualTo(Stage.PAUSED);
        assertThat(run.published(Payload.Paused.class)).extracting(Payload.Paused::reason)
                .containsExactly(PauseCondition.Reason.KILL_SWITCH);

        // And when released, the plan starts over from pre-flight and proceeds
        run.killSwitch(false);
        assertThat(run.state.stage()).isEqualTo(Stage.PREFLIGHT);
        run.probes(Plans.allProbesPass()).servingMetric().advance(Plans.BASELINE_MS);
        assertThat(run.spotShares()).containsExactly(25);
    }

    @Test
    void changedStepListIsNoticedByItsHashAndHoldsUntilAResumeAdoptsIt() {
        // Given step 1 (50 %) passed under 25/50/75/100
        run.atStep(plan, 1).advance(Plans.WINDOW_MS).verdict(1, GateResult.PASS);

        // When the plan arrives again with 10/50/100
        PlanSpec changed = Plans.pilot(List.of(10, 50, 100));
        run.approved(changed);

        // Then the plan holds with the reason, keeping the share
        assertThat(run.state.stage()).isEqualTo(Stage.PAUSED);
        assertThat(run.state.pauses()).extracting(PauseCondition::reason)
                .containsExactly(PauseCondition.Reason.STEPS_CHANGED);
        assertThat(run.state.pauses().get(0).message()).contains(plan.stepsHash()).contains(changed.stepsHash());

        // And a resume continues under the new list from where the share stands (50 % = its step 1)
        run.operator(OperatorAction.RESUME, null);
        Payload.StepStarted next = run.published(Payload.StepStarted.class).get(2);
        assertThat(next.stepIndex()).isEqualTo(2);
        assertThat(next.toSpotPercent()).isEqualTo(100);
        assertThat(next.stepsHash()).isEqualTo(changed.stepsHash());
    }

    @Test
    void sameDecisionAgainIsIgnoredAndADecisionForAFinishedPlanToo() {
        // Given a running plan
        run.atFirstStep(plan);

        // When the same plan is approved again
        run.approved(plan);
        assertThat(run.last.ignoredReason()).contains("same step list");

        // And after it ended
        run.operator(OperatorAction.ABORT, null).approved(plan);
        assertThat(run.last.ignoredReason()).contains("already ended ABORTED");
    }
}
