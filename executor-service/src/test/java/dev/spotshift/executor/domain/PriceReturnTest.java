package dev.spotshift.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * Return to spot after the monitor's price rollback. The pilot plan keeps the contract's defaults: cost efficiency
 * 40 % (so the cap is spot at 60 % of on-demand), the enter band at 80 % of it (48 %), a hold-down of 15 minutes.
 */
class PriceReturnTest {

    private static final long SAMPLE_MILLIS = 10_000;
    private static final long HOLD_DOWN = SpotRules.defaults().returnToSpotHoldMillis();

    private final RolloutScenario run = new RolloutScenario();
    private final List<Instant> returnsAt = new ArrayList<>();

    /** Given: step 1 (50 %) running when the monitor steps back for cost efficiency: 25 % spot, held. */
    private void steppedBackForThePriceAtStepOne() {
        run.atStep(Plans.pilot(), 1);
        run.rollback("plan-1:COST_EFFICIENCY:1", RollbackLevel.STEP, RollbackTrigger.COST_EFFICIENCY);
        assertThat(run.state.stage()).isEqualTo(Stage.PAUSED);
        assertThat(run.state.spotPercent()).isEqualTo(25);
        assertThat(run.state.pausedBy(PauseCondition.Reason.PRICE_SPIKE)).isTrue();
        run.forgetOutput();
    }

    /** One serving sample per 10 s for {@code minutes}, each paying spot at the scenario's share of on-demand. */
    private void pricesFor(int minutes, IntToDoubleFunction spotOfOnDemand) {
        for (int i = 0; i < minutes * 60_000L / SAMPLE_MILLIS; i++) {
            run.advance(SAMPLE_MILLIS);
            sample(spotOfOnDemand.applyAsDouble(i));
        }
    }

    private void sample(double spotOfOnDemand) {
        long onDemand = 1_000_000;
        double share = run.state.spotPercent() / 100.0;
        long cost = Math.round(onDemand * (share * spotOfOnDemand + 1 - share));
        int before = run.published(Payload.Resumed.class).size();
        run.apply(new Input.MetricObserved(RolloutScenario.id(), false, 25, 0, 42_000, 55.0, cost, onDemand,
                SAMPLE_MILLIS, 0, run.state.spotPercent()));
        if (run.published(Payload.Resumed.class).size() > before) {
            returnsAt.add(run.now);
        }
    }

    @Test
    void priceBackUnderTheCapForTheHoldDownReturnsToSpotOnceFromTheLastGoodStep() {
        // Given a price rollback at step 1, the spike still on for five minutes
        steppedBackForThePriceAtStepOne();
        pricesFor(5, i -> 0.85);
        assertThat(run.published(Payload.Resumed.class)).isEmpty();

        // When spot costs 35 % of on-demand again for thirty minutes
        Instant calmFrom = run.now;
        pricesFor(30, i -> 0.35);

        // Then the plan returned once, a hold-down after the price came back, re-running step 1 with a fresh gate
        assertThat(returnsAt).hasSize(1);
        assertThat(Duration.between(calmFrom, returnsAt.get(0)).toMillis()).isBetween(HOLD_DOWN, HOLD_DOWN + 2 * SAMPLE_MILLIS);
        assertThat(run.published(Payload.Resumed.class)).singleElement()
                .satisfies(r -> assertThat(r.by()).startsWith("return-to-spot: spot price at 35 % of on-demand"));
        assertThat(run.published(Payload.StepStarted.class)).first()
                .satisfies(s -> assertThat(s.stepIndex()).isEqualTo(1));
        assertThat(run.state.pausedBy(PauseCondition.Reason.PRICE_SPIKE)).isFalse();
        assertThat(run.state.spot().returns()).isEqualTo(1);
    }

    @Test
    void aPriceOscillatingAroundTheCapNeverReturnsToSpot() {
        // Given a price rollback
        steppedBackForThePriceAtStepOne();

        // When the price swings around the cap (55 % / 65 % of on-demand) for three hours
        pricesFor(180, i -> i % 2 == 0 ? 0.55 : 0.65);

        // Then the plan stays held: the clock never starts above the band nor survives a sample over the cap
        assertThat(returnsAt).isEmpty();
        assertThat(run.state.pausedBy(PauseCondition.Reason.PRICE_SPIKE)).isTrue();
    }

    @Test
    void aPriceDippingUnderTheCapShorterThanTheHoldDownRestartsTheClock() {
        // Given a price rollback
        steppedBackForThePriceAtStepOne();

        // When the price is calm for ten minutes, spikes for one sample, and is calm for another ten
        pricesFor(10, i -> 0.35);
        sample(0.9);
        pricesFor(10, i -> 0.35);

        // Then no return yet: the spike restarted the hold-down clock
        assertThat(returnsAt).isEmpty();

        // And the return comes a full hold-down after the spike
        pricesFor(10, i -> 0.35);
        assertThat(returnsAt).hasSize(1);
    }

    @Test
    void aMarketSwingingSlowerThanTheHoldDownReturnsAtMostOncePerHoldDown() {
        // Given a price rollback
        steppedBackForThePriceAtStepOne();

        // When for four hours the price alternates 20 minutes calm and 20 minutes spiked, the monitor stepping the
        // plan back whenever it pays the spike on spot
        int[] rollbacks = {0};
        for (int i = 0; i < 4 * 60 * 60_000L / SAMPLE_MILLIS; i++) {
            run.advance(SAMPLE_MILLIS);
            boolean spiked = (i * SAMPLE_MILLIS / (20 * 60_000L)) % 2 == 1;
            sample(spiked ? 0.9 : 0.35);
            if (spiked && run.state.stage() != Stage.PAUSED && run.state.spotPercent() > 0) {
                run.rollback("plan-1:COST_EFFICIENCY:r" + ++rollbacks[0], RollbackLevel.STEP,
                        RollbackTrigger.COST_EFFICIENCY);
            }
            if (run.state.stage() == Stage.SHIFTING && run.state.gate().step() >= 0
                    && run.now.isAfter(run.state.gate().startedAt().plusMillis(run.state.plan().validationWindowMillis()))) {
                run.verdict(run.state.gate().step(), GateResult.PASS);
            }
        }

        // Then returns came, and never two within one hold-down
        assertThat(returnsAt).isNotEmpty();
        for (int k = 1; k < returnsAt.size(); k++) {
            assertThat(Duration.between(returnsAt.get(k - 1), returnsAt.get(k)).toMillis()).isGreaterThanOrEqualTo(HOLD_DOWN);
        }
        assertThat(returnsAt.size()).isLessThanOrEqualTo((int) (4 * 60 * 60_000L / HOLD_DOWN));
    }

    @Test
    void aSampleWithNothingOnSpotSaysNothingOfThePrice() {
        // Given the plan stepped back to 0 % spot for the price
        run.atStep(Plans.pilot(), 1);
        run.rollback("plan-1:COST_EFFICIENCY:1", RollbackLevel.PHASE, RollbackTrigger.COST_EFFICIENCY);
        assertThat(run.state.spotPercent()).isZero();

        // When its samples, all on-demand, come for an hour
        pricesFor(60, i -> 0.35);

        // Then it stays held: no sample told a spot price
        assertThat(returnsAt).isEmpty();
        assertThat(run.state.pausedBy(PauseCondition.Reason.PRICE_SPIKE)).isTrue();
    }

    @Test
    void aPlanThatOptedOutWaitsForAnOperatorAfterAPriceRollback() {
        // Given a plan opted out of returns, stepped back for the price
        run.atStep(Plans.optedOutOfReturns(), 1);
        run.rollback("plan-1:COST_EFFICIENCY:1", RollbackLevel.STEP, RollbackTrigger.COST_EFFICIENCY);

        // When spot is cheap for an hour
        pricesFor(60, i -> 0.35);

        // Then the plan holds for the operator
        assertThat(returnsAt).isEmpty();
        assertThat(run.state.pausedBy(PauseCondition.Reason.ROLLBACK_HOLD)).isTrue();
        assertThat(run.state.pausedBy(PauseCondition.Reason.PRICE_SPIKE)).isFalse();
    }

    @Test
    void anOperatorsPauseOutlivesThePriceHold() {
        // Given a price rollback and an operator's pause on top
        steppedBackForThePriceAtStepOne();
        run.operator(OperatorAction.PAUSE, null);

        // When the price is calm for an hour
        pricesFor(60, i -> 0.35);

        // Then the price hold is gone but the plan still waits for the operator
        assertThat(run.state.pausedBy(PauseCondition.Reason.PRICE_SPIKE)).isFalse();
        assertThat(run.state.pausedBy(PauseCondition.Reason.OPERATOR)).isTrue();
        assertThat(run.state.stage()).isEqualTo(Stage.PAUSED);
        assertThat(run.published(Payload.Resumed.class)).isEmpty();
    }
}
