package dev.spotshift.monitor.domain;

import static dev.spotshift.monitor.domain.Samples.failing;
import static dev.spotshift.monitor.domain.Samples.slow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.monitor.domain.Breach.Trigger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleJudgeTest {

    private final PlanContext live = PlanContext.unknown().approved(Samples.shortWindows(), Samples.BASELINE, 0);

    @Test
    void ordersOneFullRollbackPerPlanHoweverManySamplesBreach() {
        List<Sample> recent = new ArrayList<>();
        PlanContext plan = live;
        List<Breach> emitted = new ArrayList<>();
        int suppressed = 0;
        for (int i = 1; i <= 5; i++) {
            Sample s = failing("f" + i, i * 1_000L, 5, 5);
            recent.add(s);
            SampleJudge.Outcome outcome = SampleJudge.judge("plan-1", plan, recent, s);
            plan = outcome.context();
            emitted.addAll(outcome.commands());
            suppressed += outcome.suppressed();
        }

        assertThat(emitted).singleElement().satisfies(b -> {
            assertThat(b.trigger()).isEqualTo(Trigger.JOB_FAILURE);
            assertThat(b.commandId("plan-1")).isEqualTo("plan-1:JOB_FAILURE:" + (1_000 - 60_000));
        });
        assertThat(suppressed).isEqualTo(4);
        assertThat(plan.episodes()).containsKey("JOB_FAILURE");
    }

    @Test
    void ordersANewStepBackOnlyAfterTheMixChanged() {
        List<Sample> recent = new ArrayList<>();
        PlanContext plan = live;
        List<Breach> emitted = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            Sample s = slow("s" + i, i * 1_000L, 10, 1_200);
            recent.add(s);
            SampleJudge.Outcome outcome = SampleJudge.judge("plan-1", plan, recent, s);
            plan = outcome.context();
            emitted.addAll(outcome.commands());
        }
        assertThat(emitted).singleElement().satisfies(b -> assertThat(b.trigger()).isEqualTo(Trigger.PERFORMANCE_DEGRADATION));

        // When the executor steps back at 20 s, the window restarts and a renewed breach is a new episode
        plan = plan.mixChanged(20_000, true);
        emitted.clear();
        for (int i = 21; i <= 35; i++) {
            Sample s = slow("s" + i, i * 1_000L, 10, 1_200);
            recent.add(s);
            SampleJudge.Outcome outcome = SampleJudge.judge("plan-1", plan, recent, s);
            plan = outcome.context();
            emitted.addAll(outcome.commands());
        }
        assertThat(emitted).singleElement().satisfies(b -> assertThat(b.windowStartMillis()).isEqualTo(20_000));
    }

    @Test
    void addsUpSavingsVersusOnDemand() {
        Sample s = Samples.costing("c", 1_000, 10, 300, 1_000, 100);

        PlanContext plan = SampleJudge.judge("plan-1", live, List.of(s), s).context();

        assertThat(plan.savingsMicros()).isEqualTo(700);
        assertThat(plan.savingsPercent()).isEqualTo(70.0);
    }
}
