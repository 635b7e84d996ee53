package dev.spotshift.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuccessCriteriaTest {

    private final RolloutScenario run = new RolloutScenario();

    @Test
    void completesOnlyWhenTheMonitorFindsEveryCriterionHeld() {
        // Given a plan whose last step passed
        atValidationPeriod(Plans.pilot());

        // When the period runs out and the monitor says every criterion held
        run.advance(Plans.VALIDATION_MS).criteria(GateResult.PASS);

        // Then the plan completed
        assertThat(run.state.stage()).isEqualTo(Stage.COMPLETED);
        assertThat(finished().reason()).contains("every success criterion held");
    }

    @Test
    void announcesThePeriodWithItsEndAndTheCriteriaToJudge() {
        // When the last step passes
        atValidationPeriod(Plans.pilot());

        // Then the monitor is told what to judge and until when
        Payload.ValidationStarted started = run.published(Payload.ValidationStarted.class).get(0);
        assertThat(started.endsAt()).isEqualTo(run.now.plusMillis(Plans.VALIDATION_MS));
        assertThat(started.criteria()).isEqualTo(SuccessCriteria.defaults());
        assertThat(run.state.stage()).isEqualTo(Stage.VALIDATING);
    }

    @Test
    void rollsBackToOnDemandWhenSavingsMissTheirCriterion() {
        // Given a plan in its validation period
        atValidationPeriod(Plans.pilot());

        // When the monitor finds savings at 45 % against 50 %
        run.advance(Plans.VALIDATION_MS).criteria(GateResult.FAIL,
                "CRITERION_COST_SAVINGS_PERCENT_MISSED: cost_savings_percent 45.0000 misses 50.0000");

        // Then it does not complete: everything goes back to on-demand, and the reason names the criterion
        assertThat(run.state.stage()).isEqualTo(Stage.ROLLED_BACK);
        Payload.RolledBack back = run.published(Payload.RolledBack.class).get(0);
        assertThat(back.level()).isEqualTo(RollbackLevel.FULL);
        assertThat(back.reason()).contains("success criteria missed").contains("cost_savings_percent 45");
    }

    @Test
    void keepsTheCapacityAndEndsCriteriaMissedWhenThePlanSaysKeep() {
        // Given a plan that keeps its capacity when a criterion is missed
        atValidationPeriod(withCriteria(new SuccessCriteria(99.9, 10, 50, SuccessCriteria.OnMissed.KEEP)));

        // When savings miss their criterion
        run.advance(Plans.VALIDATION_MS).criteria(GateResult.FAIL, "savings 45 % below 50 %");

        // Then the plan ends CRITERIA_MISSED at full spot, with no rollback
        assertThat(run.state.stage()).isEqualTo(Stage.CRITERIA_MISSED);
        assertThat(run.state.spotPercent()).isEqualTo(100);
        assertThat(run.published(Payload.RolledBack.class)).isEmpty();
        assertThat(finished().outcome()).isEqualTo(Stage.CRITERIA_MISSED);
        assertThat(finished().reason()).contains("savings 45 % below 50 %").contains("keeps its capacity");
    }

    @Test
    void anInconclusiveVerdictIsAMissNeverACompletion() {
        // Given a plan in its validation period
        atValidationPeriod(Plans.pilot());

        // When nothing could be measured
        run.advance(Plans.VALIDATION_MS).criteria(GateResult.INCONCLUSIVE, "NO_JOBS: no job finished");

        // Then the plan does not complete
        assertThat(run.state.stage()).isEqualTo(Stage.ROLLED_BACK);
        assertThat(run.published(Payload.RolledBack.class).get(0).reason()).contains("not measurable");
    }

    @Test
    void noVerdictWithinTheGraceIsAMiss() {
        // Given a plan in its validation period
        atValidationPeriod(Plans.pilot());

        // When the period and the grace pass in silence
        run.advance(Plans.VALIDATION_MS + RolloutScenario.SETTINGS.gateGraceMillis());

        // Then the plan rolls back, saying why
        assertThat(run.state.stage()).isEqualTo(Stage.ROLLED_BACK);
        assertThat(run.published(Payload.RolledBack.class).get(0).reason())
                .contains("no verdict on the success criteria");
    }

    @Test
    void aCriteriaVerdictBeforeTheValidationPeriodIsIgnoredWithTheReason() {
        // Given step 0 in flight
        run.atFirstStep(Plans.pilot());

        // When a verdict on the criteria arrives
        run.criteria(GateResult.PASS);

        // Then nothing moves
        assertThat(run.last.ignoredReason()).contains("success criteria while SHIFTING");
        assertThat(run.state.stage()).isEqualTo(Stage.SHIFTING);
    }

    private void atValidationPeriod(PlanSpec plan) {
        run.atFirstStep(plan);
        for (int step = 0; step < plan.stepCount(); step++) {
            run.advance(Plans.WINDOW_MS).verdict(step, GateResult.PASS);
            if (step < plan.stepCount() - 1) {
                run.advance(Plans.INTERVAL_MS - Plans.WINDOW_MS);
            }
        }
    }

    private Payload.Finished finished() {
        List<Payload.Finished> all = run.published(Payload.Finished.class);
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private static PlanSpec withCriteria(SuccessCriteria criteria) {
        PlanSpec p = Plans.pilot();
        return p.toBuilder().criteria(criteria).build();
    }
}
