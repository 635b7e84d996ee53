package dev.spotshift.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GateFailureTest {

    private final RolloutScenario run = new RolloutScenario();
    private final PlanSpec plan = Plans.pilot();

    @Test
    void failedGateAtFiftyStepsBackToTwentyFiveAndHolds() {
        // Given step 1 (50 %) in flight
        run.atStep(plan, 1);

        // When its gate fails
        run.advance(Plans.WINDOW_MS).verdict(1, GateResult.FAIL, "processing time +12 % over baseline");

        // Then the share goes back to 25 % and the plan holds with the verdict's reasons
        assertThat(run.spotShares()).containsExactly(25, 50, 25);
        Payload.RolledBack rolledBack = run.published(Payload.RolledBack.class).get(0);
        assertThat(rolledBack.level()).isEqualTo(RollbackLevel.STEP);
        assertThat(rolledBack.trigger()).isEqualTo(RollbackTrigger.GATE_FAILED);
        assertThat(rolledBack.fromSpotPercent()).isEqualTo(50);
        assertThat(rolledBack.toSpotPercent()).isEqualTo(25);
        assertThat(rolledBack.onDemandRequestedAt()).isEqualTo(run.now);
        assertThat(run.state.stage()).isEqualTo(Stage.PAUSED);
        assertThat(run.state.pauses()).extracting(PauseCondition::reason).containsExactly(PauseCondition.Reason.GATE_FAILED);
        assertThat(run.state.pauses().get(0).message()).contains("processing time +12 % over baseline");
        assertThat(run.state.pauses().get(0).startedAt()).isEqualTo(run.now);

        // And it stays there however long we wait
        run.advance(10 * Plans.INTERVAL_MS);
        assertThat(run.spotShares()).containsExactly(25, 50, 25);
    }

    @Test
    void resumeAfterAFailedGateRetriesTheStepThatFailed() {
        // Given a failed gate at 50 % held at 25 %
        run.atStep(plan, 1).advance(Plans.WINDOW_MS).verdict(1, GateResult.FAIL);

        // When the operator resumes
        run.operator(OperatorAction.RESUME, null);

        // Then step 1 starts again from 25 %
        Payload.StepStarted again = run.published(Payload.StepStarted.class).get(2);
        assertThat(again.stepIndex()).isEqualTo(1);
        assertThat(again.fromSpotPercent()).isEqualTo(25);
        assertThat(run.spotShares()).containsExactly(25, 50, 25, 50);
    }

    @Test
    void missingVerdictByTheDeadlineStepsBackAndHoldsInsteadOfProceedingBlind() {
        // Given step 1 in flight
        run.atStep(plan, 1);

        // When no verdict comes by the gate's due time plus grace
        run.advance(Plans.WINDOW_MS + RolloutScenario.SETTINGS.gateGraceMillis());

        // Then the plan holds at the share below
        assertThat(run.state.stage()).isEqualTo(Stage.PAUSED);
        assertThat(run.state.pauses()).extracting(PauseCondition::reason)
                .containsExactly(PauseCondition.Reason.GATE_VERDICT_MISSING);
        assertThat(run.spotShares()).containsExactly(25, 50, 25);

        // And a verdict arriving late is not applied
        run.verdict(1, GateResult.PASS);
        assertThat(run.last.ignoredReason()).contains("while PAUSED");
    }

    @Test
    void inconclusiveVerdictIsJudgedAgainOnceThenCountsAsFail() {
        // Given step 0 in flight
        run.atFirstStep(plan);

        // When the first verdict is inconclusive
        run.advance(Plans.WINDOW_MS).verdict(0, GateResult.INCONCLUSIVE, "too few samples");

        // Then the same step is announced again with a fresh window, share unchanged
        assertThat(run.published(Payload.StepStarted.class)).hasSize(2);
        Payload.StepStarted rejudge = run.published(Payload.StepStarted.class).get(1);
        assertThat(rejudge.stepIndex()).isZero();
        assertThat(rejudge.fromSpotPercent()).isEqualTo(25);
        assertThat(rejudge.gateDueAt()).isEqualTo(run.now.plusMillis(Plans.WINDOW_MS));
        assertThat(run.state.stage()).isEqualTo(Stage.SHIFTING);

        // And when the second is inconclusive too, it is a failed gate
        run.advance(Plans.WINDOW_MS).verdict(0, GateResult.INCONCLUSIVE, "too few samples");
        assertThat(run.state.stage()).isEqualTo(Stage.PAUSED);
        assertThat(run.published(Payload.RolledBack.class)).extracting(Payload.RolledBack::toSpotPercent)
                .containsExactly(0);
    }
}
