package dev.spotshift.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AbortInEveryStageTest {

    static Stream<Arguments> stages() {
        PlanSpec plan = Plans.pilot();
        PlanSpec gated = Plans.withManualGate(0);
        return Stream.of(
                Arguments.of(Stage.PREFLIGHT, (Consumer<RolloutScenario>) run -> run.approved(plan)),
                Arguments.of(Stage.BASELINE, (Consumer<RolloutScenario>) run ->
                        run.approved(plan).probes(Plans.allProbesPass()).servingMetric()),
                Arguments.of(Stage.SHIFTING, (Consumer<RolloutScenario>) run -> run.atStep(plan, 2)),
                Arguments.of(Stage.AWAITING_APPROVAL, (Consumer<RolloutScenario>) run ->
                        run.atFirstStep(gated).advance(Plans.WINDOW_MS).verdict(0, GateResult.PASS)),
                Arguments.of(Stage.PAUSED, (Consumer<RolloutScenario>) run ->
                        run.atStep(plan, 1).operator(OperatorAction.PAUSE, null)),
                Arguments.of(Stage.VALIDATING, (Consumer<RolloutScenario>) run -> {
                    run.atStep(plan, 3).advance(Plans.WINDOW_MS).verdict(3, GateResult.PASS);
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stages")
    void abortEndsThePlanAllOnDemandFromAnyLiveStage(Stage stage, Consumer<RolloutScenario> reach) {
        // Given a plan in the stage
        RolloutScenario run = new RolloutScenario();
        reach.accept(run);
        assertThat(run.state.stage()).isEqualTo(stage);

        // When an operator aborts
        run.operator(OperatorAction.ABORT, null);

        // Then it ended ABORTED with everything asked back to on-demand, and stays there
        assertThat(run.state.stage()).isEqualTo(Stage.ABORTED);
        assertThat(run.spotShares()).endsWith(0);
        assertThat(run.state.timers()).isEmpty();
        run.advance(10 * Plans.INTERVAL_MS);
        assertThat(run.state.stage()).isEqualTo(Stage.ABORTED);
    }
}
