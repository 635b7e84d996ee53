package dev.spotshift.monitor.domain;

import static dev.spotshift.monitor.domain.Samples.costing;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.monitor.domain.Breach.Level;
import dev.spotshift.monitor.domain.Breach.Trigger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BudgetGuardTest {

    private static PlanContext live(Budget budget) {
        return PlanContext.unknown().approved(Samples.shortWindows(), Samples.BASELINE, 0).withBudget(budget);
    }

    /** Feeds one-second samples each costing {@code costMicros} through the judge; returns every outcome. */
    private static List<SampleJudge.Outcome> run(PlanContext plan, int seconds, long costMicros) {
        List<Sample> recent = new ArrayList<>();
        List<SampleJudge.Outcome> outcomes = new ArrayList<>();
        for (int i = 1; i <= seconds; i++) {
            Sample s = costing("s" + i, i * 1_000L, 10, costMicros, 2 * costMicros, 0);
            recent.add(s);
            SampleJudge.Outcome o = SampleJudge.judge("p", plan, recent, s);
            outcomes.add(o);
            plan = o.context();
        }
        return outcomes;
    }

    @Test
    void aPlanWhoseFallbackCostsMoreThanItsHourlyCapIsHeldAtTheCapWithTheReason() {
        // Given a cap of $0.36/h and capacity on on-demand costing $0.72/h (200 micro-USD a second)
        PlanContext plan = live(new Budget(360_000L, null, 80.0, null));

        // When one sample arrives
        SampleJudge.Outcome first = run(plan, 1, 200).get(0);

        // Then the plan is ordered to hold where it is, with the figures, and the status learns it at once
        assertThat(first.commands()).singleElement().satisfies(b -> {
            assertThat(b.trigger()).isEqualTo(Trigger.BUDGET_CAP);
            assertThat(b.level()).isEqualTo(Level.HOLD);
            assertThat(b.reason()).contains("$0.72/h", "over the hourly cap of $0.36");
            assertThat(b.checks()).extracting(Check::metric, Check::passed)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("spend_per_hour_micros", false));
        });
        assertThat(first.budget().level()).isEqualTo(Budget.Level.CAPPED);
        assertThat(first.budgetNews()).isTrue();
    }

    @Test
    void theHoldIsOrderedOncePerCapacityMixNotOnEverySample() {
        List<SampleJudge.Outcome> outcomes = run(live(new Budget(360_000L, null, 80.0, null)), 10, 200);

        assertThat(outcomes.stream().mapToInt(o -> o.commands().size()).sum()).isEqualTo(1);
        assertThat(outcomes.stream().filter(SampleJudge.Outcome::budgetNews)).hasSize(1);
        assertThat(outcomes.get(9).suppressed()).isEqualTo(1);
    }

    @Test
    void crossingTheWarningLevelOfTheTotalIsAReviewSignalOnceAndNoOrder() {
        // Given a total cap of 1000 micro-USD, warning at 80 %, and 100 micro-USD a second
        List<SampleJudge.Outcome> outcomes = run(live(new Budget(null, 1_000L, 80.0, null)), 9, 100);

        // Then at 800 spent the standing turns WARNING (said once) and nothing is ordered
        assertThat(outcomes.get(6).budget().level()).isEqualTo(Budget.Level.WITHIN);
        assertThat(outcomes.get(7).budget().level()).isEqualTo(Budget.Level.WARNING);
        assertThat(outcomes.get(7).budget().reason()).isEqualTo("spent $0.0008, at 80 % of the total cap of $0.001");
        assertThat(outcomes.stream().filter(SampleJudge.Outcome::budgetNews)).hasSize(1);
        assertThat(outcomes).allSatisfy(o -> assertThat(o.commands()).isEmpty());
    }

    @Test
    void crossingTheTotalCapHoldsThePlan() {
        List<SampleJudge.Outcome> outcomes = run(live(new Budget(null, 1_000L, 80.0, null)), 11, 100);

        assertThat(outcomes.get(9).commands()).isEmpty(); // 1000 spent: at the cap, not over it
        assertThat(outcomes.get(10).commands()).singleElement()
                .satisfies(b -> assertThat(b.reason()).contains("spent $0.0011, over the total cap of $0.001"));
    }

    @Test
    void aPlanWithoutABudgetHasNoStanding() {
        SampleJudge.Outcome o = run(live(null), 1, 1_000_000).get(0);

        assertThat(o.budget()).isNull();
        assertThat(o.commands()).isEmpty();
    }

    @Test
    void theHourlyRateIsScaledWhileLessThanAnHourIsCovered() {
        List<Sample> recent = List.of(costing("a", 1_000, 1, 100, 100, 0), costing("b", 2_000, 1, 100, 100, 0));

        assertThat(BudgetGuard.perHourMicros(recent, recent.get(1))).isEqualTo(360_000L);
    }

    @Test
    void aStepThatChangesTheMixLetsAStillCappedPlanBeHeldAgain() {
        PlanContext plan = run(live(new Budget(360_000L, null, 80.0, null)), 1, 200).get(0).context();

        PlanContext afterResume = plan.mixChanged(5_000, false);

        assertThat(afterResume.episodes()).isEqualTo(Map.of());
        assertThat(afterResume.budget().signalled()).isEqualTo(Budget.Level.CAPPED);
    }
}
