package dev.spotshift.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RollbackTest {

    private final RolloutScenario run = new RolloutScenario();
    private final PlanSpec plan = Plans.pilot();

    @Test
    void immediateFullRollbackAtSeventyFiveEndsRolledBackAllOnDemand() {
        // Given step 2 (75 %) in flight
        run.atStep(plan, 2);

        // When the monitor orders a full rollback for the error rate
        run.rollback("plan-1:ERROR_RATE:1", RollbackLevel.FULL, RollbackTrigger.ERROR_RATE);

        // Then everything goes on-demand and the plan ends
        assertThat(run.spotShares()).endsWith(75, 0);
        Payload.RolledBack rolledBack = run.published(Payload.RolledBack.class).get(0);
        assertThat(rolledBack.level()).isEqualTo(RollbackLevel.FULL);
        assertThat(rolledBack.commandId()).isEqualTo("plan-1:ERROR_RATE:1");
        assertThat(rolledBack.fromSpotPercent()).isEqualTo(75);
        assertThat(rolledBack.toSpotPercent()).isZero();
        assertThat(run.state.stage()).isEqualTo(Stage.ROLLED_BACK);
        assertThat(((Payload.Finished) run.lastPublish().payload()).outcome()).isEqualTo(Stage.ROLLED_BACK);

        // And nothing afterwards moves it
        run.advance(Plans.WINDOW_MS).verdict(2, GateResult.PASS);
        assertThat(run.last.ignoredReason()).contains("after the plan ended ROLLED_BACK");
    }

    @Test
    void rollbackCommandIsAppliedOncePerCommandId() {
        // Given a step rollback already applied at 75 %
        run.atStep(plan, 2).rollback("cmd-7", RollbackLevel.STEP, RollbackTrigger.PERFORMANCE_DEGRADATION);

        // When the same command arrives again (a new event carrying the same commandId)
        run.rollback("cmd-7", RollbackLevel.STEP, RollbackTrigger.PERFORMANCE_DEGRADATION);

        // Then it is not applied twice: one step back only
        assertThat(run.last.ignoredReason()).contains("rollback command cmd-7 already applied");
        assertThat(run.spotShares()).containsExactly(25, 50, 75, 50);
        assertThat(run.published(Payload.RolledBack.class)).hasSize(1);
    }

    @Test
    void redeliveredEventIsIgnoredById() {
        // Given a verdict applied
        run.atFirstStep(plan).advance(Plans.WINDOW_MS);
        Input.VerdictReceived verdict = new Input.VerdictReceived("verdict-1", 0, GateResult.FAIL, java.util.List.of());
        run.apply(verdict);

        // When the very same event comes again
        run.operator(OperatorAction.RESUME, null).apply(verdict);

        // Then it is ignored as a duplicate
        assertThat(run.last.ignoredReason()).isEqualTo("duplicate event verdict-1");
    }

    @Test
    void phaseRollbackGoesToZeroSpotKeepsThePlanAndResumesFromTheFirstStep() {
        // Given step 2 in flight at 75 %
        run.atStep(plan, 2);

        // When a phase rollback is ordered
        run.rollback("cmd-phase", RollbackLevel.PHASE, RollbackTrigger.COST_EFFICIENCY);

        // Then the share is 0 % and the plan is paused, not ended
        assertThat(run.spotShares()).endsWith(0);
        assertThat(run.state.stage()).isEqualTo(Stage.PAUSED);
        assertThat(run.state.completedStep()).isEqualTo(-1);

        // And a resume starts again at the first step
        run.operator(OperatorAction.RESUME, null);
        assertThat(run.spotShares()).endsWith(0, 25);
        assertThat(run.state.activeStep()).isZero();
    }

    @Test
    void stepRollbackWhileWaitingForTheNextStepLandsOnTheStepBelow() {
        // Given step 1 passed at 50 %, waiting for the interval
        run.atStep(plan, 1).advance(Plans.WINDOW_MS).verdict(1, GateResult.PASS);

        // When a gradual trigger orders a step rollback
        run.rollback("cmd-step", RollbackLevel.STEP, RollbackTrigger.PERFORMANCE_DEGRADATION);

        // Then the share is back at 25 % and the interval's timer no longer fires
        assertThat(run.spotShares()).endsWith(50, 25);
        run.advance(Plans.INTERVAL_MS);
        assertThat(run.spotShares()).endsWith(50, 25);
        assertThat(run.state.completedStep()).isZero();
    }

    @Test
    void capacityCallThatKeepsFailingEndsInAFullRollback() {
        // Given step 1 in flight
        run.atStep(plan, 1);

        // When the adapter reports the share change failed after retries
        run.apply(new Input.CloudCallFailed(50, "autoscaling:UpdateAutoScalingGroup failed (THROTTLED)"));

        // Then capacity goes back to on-demand with the error as the reason
        assertThat(run.spotShares()).endsWith(0);
        assertThat(run.state.stage()).isEqualTo(Stage.ROLLED_BACK);
        assertThat(run.published(Payload.RolledBack.class).get(0).reason()).contains("THROTTLED");
    }

    @Test
    void failedReturnToOnDemandEndsTheplanFailedWithTheError() {
        // Given a full rollback whose cloud call failed
        run.atStep(plan, 1).rollback("cmd", RollbackLevel.FULL, RollbackTrigger.JOB_FAILURE);

        // When the adapter reports that the 0 % call failed
        run.apply(new Input.CloudCallFailed(0, "UNAVAILABLE"));

        // Then the plan is FAILED and says why
        assertThat(run.state.stage()).isEqualTo(Stage.FAILED);
        assertThat(((Payload.Finished) run.lastPublish().payload()).reason()).contains("UNAVAILABLE");
    }
}
