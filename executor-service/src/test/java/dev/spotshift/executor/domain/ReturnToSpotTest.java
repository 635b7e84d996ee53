package dev.spotshift.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class ReturnToSpotTest {

    private static final List<String> TYPES = List.of("m5.large", "m5a.large", "m5n.large");

    private final RolloutScenario run = new RolloutScenario();

    /** Given: step 1 (50 %) passed and step 2 started, then every pool stormed: on-demand, held. */
    private void fellBackAtStepTwo() {
        run.atStep(Plans.pilot(), 2);
        int n = 0;
        for (String type : TYPES) {
            for (int k = 0; k < 2; k++) {
                run.apply(new Input.InterruptionWarned(RolloutScenario.id(), true, "i-" + n++, type, "us-east-1a",
                        run.now, run.now.plusSeconds(120)));
            }
        }
        assertThat(run.state.pausedBy(PauseCondition.Reason.INTERRUPTION_STORM)).isTrue();
        run.forgetOutput();
    }

    /** Every market check for {@code minutes} is answered with the variation the scenario gives for check i. */
    private void marketFor(int minutes, IntFunction<Double> variation) {
        long check = RolloutScenario.SETTINGS.spot().marketCheckMillis();
        for (int i = 0; i < minutes * 60_000L / check; i++) {
            int before = run.commands.size();
            run.advance(check);
            boolean asked = run.commands.subList(before, run.commands.size()).stream()
                    .anyMatch(c -> c instanceof Command.ReadMarket);
            if (asked) {
                double v = variation.apply(i);
                run.apply(new Input.MarketRead(TYPES.stream().map(t -> new Input.TypeHealth(t, v, 0.0)).toList()));
            }
        }
    }

    @Test
    void recoveredMarketReturnsToSpotOnceAfterTheHoldDownFromTheLastGoodStep() {
        // Given a storm fallback at step 2
        fellBackAtStepTwo();

        // When the market reads healthy for three hours
        marketFor(180, i -> 5.0);

        // Then the plan returned exactly once, re-running step 1 (the last one whose gate passed)
        assertThat(run.published(Payload.Resumed.class)).hasSize(1);
        assertThat(run.state.spot().returns()).isEqualTo(1);
        assertThat(run.published(Payload.StepStarted.class)).first()
                .satisfies(s -> assertThat(s.stepIndex()).isEqualTo(1));
        assertThat(run.state.pausedBy(PauseCondition.Reason.INTERRUPTION_STORM)).isFalse();
        assertThat(run.state.spot().droppedTypes()).isEmpty();
    }

    @Test
    void marketOscillatingAroundTheLimitNeverReturns() {
        // Given a storm fallback
        fellBackAtStepTwo();

        // When the price variation swings around the plan's 20 % limit for three hours
        marketFor(180, i -> i % 2 == 0 ? 19.0 : 21.0);

        // Then the plan stays on-demand: no return, no flapping
        assertThat(run.published(Payload.Resumed.class)).isEmpty();
        assertThat(run.state.spotPercent()).isZero();
        assertThat(run.state.pausedBy(PauseCondition.Reason.INTERRUPTION_STORM)).isTrue();
    }

    @Test
    void relapseBeforeTheHoldDownEndsRestartsTheClock() {
        // Given a storm fallback and a market healthy once the storm has left the window
        fellBackAtStepTwo();
        marketFor(70, i -> 5.0);
        int returnsBefore = run.state.spot().returns();

        // When it breaches the limit again and then reads healthy for less than the hold-down
        marketFor(1, i -> 30.0);
        marketFor(10, i -> 5.0);

        // Then no return yet
        assertThat(returnsBefore).isZero();
        assertThat(run.published(Payload.Resumed.class)).isEmpty();
    }
}
