package dev.spotshift.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StepTimingsTest {

    private final RolloutScenario run = new RolloutScenario();

    /** Seed 002: 10 % watched for 5 minutes, 50 % for 10, then 100 % (here in seconds). */
    private static PlanSpec seed002() {
        PlanSpec p = Plans.pilot(List.of(10, 50, 100));
        return p.toBuilder()
                .stepTimings(new StepTimings(List.of(5_000L, 10_000L, 10_000L), List.of(5_000L, 10_000L, 10_000L))).build();
    }

    @Test
    void eachStepsGateWatchesForItsOwnWindowAndTheNextStepFollowsItsOwnInterval() {
        // Given seed 002's phases, the first step just started
        run.atFirstStep(seed002());
        java.time.Instant first = run.now;

        // When each gate passes as it falls due
        run.advance(5_000).verdict(0, GateResult.PASS);
        java.time.Instant second = run.now;
        run.advance(10_000).verdict(1, GateResult.PASS);

        // Then the 10 % step was judged after 5 s and the 50 % step after 10 s, each next step starting at once
        List<Payload.StepStarted> started = run.published(Payload.StepStarted.class);
        assertThat(started).extracting(Payload.StepStarted::toSpotPercent).containsExactly(10, 50, 100);
        assertThat(started.get(0).gateDueAt()).isEqualTo(first.plusMillis(5_000));
        assertThat(started.get(1).gateDueAt()).isEqualTo(second.plusMillis(10_000));
    }

    @Test
    void aPlanWithoutPerStepTimingsUsesItsOneWindowForEveryStep() {
        PlanSpec plan = Plans.pilot();

        assertThat(List.of(plan.validationWindowOf(0), plan.validationWindowOf(3)))
                .containsOnly(Plans.WINDOW_MS);
        assertThat(plan.stepIntervalOf(2)).isEqualTo(Plans.INTERVAL_MS);
        assertThat(plan.problems()).isEmpty();
    }

    @Test
    void perStepTimingsThatDoNotNameOnePerStepMakeThePlanUnsafeToRun() {
        PlanSpec p = seed002();
        PlanSpec broken = p.toBuilder().stepTimings(new StepTimings(List.of(5_000L), List.of())).build();

        assertThat(broken.problems()).anySatisfy(s -> assertThat(s).contains("one value per step"));
    }
}
