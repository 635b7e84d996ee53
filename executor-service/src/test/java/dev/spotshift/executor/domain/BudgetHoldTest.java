package dev.spotshift.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BudgetHoldTest {

    private final RolloutScenario run = new RolloutScenario();
    private final PlanSpec plan = Plans.pilot();

    @Test
    void aCappedPlanHoldsWhereItIsWithTheReasonAndNoCapacityChange() {
        // Given step 1 (50 %) in flight
        run.atStep(plan, 1);

        // When the monitor orders a hold for the budget cap
        run.rollback("plan-1:BUDGET_CAP:1", RollbackLevel.HOLD, RollbackTrigger.BUDGET_CAP);

        // Then the plan is paused with the cap as its reason, and the share stays where it is: no way back to on-demand
        assertThat(run.state.stage()).isEqualTo(Stage.PAUSED);
        assertThat(run.spotShares()).containsExactly(25, 50);
        assertThat(run.published(Payload.RolledBack.class)).isEmpty();
        Payload.Paused paused = (Payload.Paused) run.lastPublish().payload();
        assertThat(paused.reason()).isEqualTo(PauseCondition.Reason.BUDGET_CAP);
        assertThat(run.state.pauses()).extracting(PauseCondition::reason).containsExactly(PauseCondition.Reason.BUDGET_CAP);

        // And no timer moves it on: the next step does not start
        run.advance(10 * Plans.WINDOW_MS);
        assertThat(run.spotShares()).containsExactly(25, 50);
    }

    @Test
    void anOperatorResumeRerunsTheStepInFlightWithAFreshGate() {
        run.atStep(plan, 1).rollback("cap", RollbackLevel.HOLD, RollbackTrigger.BUDGET_CAP);

        run.operator(OperatorAction.RESUME, null);

        assertThat(run.state.stage()).isEqualTo(Stage.SHIFTING);
        assertThat(run.state.gate().step()).isEqualTo(1);
    }

    @Test
    void aPlanAlreadyHeldByARollbackGainsTheConditionAndKeepsItsShare() {
        run.atStep(plan, 2).rollback("step-back", RollbackLevel.STEP, RollbackTrigger.PERFORMANCE_DEGRADATION);

        run.rollback("cap", RollbackLevel.HOLD, RollbackTrigger.BUDGET_CAP);

        assertThat(run.spotShares()).containsExactly(25, 50, 75, 50);
        assertThat(run.state.pauses()).extracting(PauseCondition::reason)
                .contains(PauseCondition.Reason.ROLLBACK_HOLD, PauseCondition.Reason.BUDGET_CAP);
    }
}
