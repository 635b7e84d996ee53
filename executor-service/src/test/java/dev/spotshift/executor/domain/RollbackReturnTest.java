package dev.spotshift.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/**
 * Return to spot after rollbacks other than the price's, once their trigger has cleared for the hold-down (15 min by
 * default): the pilot at step 1 (50 %), its declared baseline job 600 s, processing time allowed +10 %.
 */
class RollbackReturnTest {

    private static final long SAMPLE_MILLIS = 10_000;
    private static final long HOLD_DOWN = SpotRules.defaults().returnToSpotHoldMillis();
    private static final long BASELINE_JOB = 600_000;

    private final RolloutScenario run = new RolloutScenario();
    private final List<Instant> returnsAt = new ArrayList<>();

    private void steppedBackAtStepOne(PlanSpec plan, RollbackTrigger trigger) {
        run.atStep(plan, 1);
        run.rollback("plan-1:" + trigger + ":1", RollbackLevel.STEP, trigger);
        assertThat(run.state.stage()).isEqualTo(Stage.PAUSED);
        run.forgetOutput();
    }

    /** One serving sample per 10 s for {@code minutes}: jobs of {@code jobMillis}, one failing where {@code failing}. */
    private void samplesFor(int minutes, long jobMillis, IntPredicate failing) {
        for (int i = 0; i < minutes * 60_000L / SAMPLE_MILLIS; i++) {
            run.advance(SAMPLE_MILLIS);
            sample(jobMillis, failing.test(i) ? 1 : 0);
        }
    }

    private void sample(long jobMillis, int failed) {
        int before = run.published(Payload.Resumed.class).size();
        run.apply(new Input.MetricObserved(RolloutScenario.id(), false, 25, failed, jobMillis, 55.0, 600_000,
                1_000_000, SAMPLE_MILLIS, 0, run.state.spotPercent()));
        if (run.published(Payload.Resumed.class).size() > before) {
            returnsAt.add(run.now);
        }
    }

    @Test
    void anErrorRateRollbackReturnsOnceAfterTheHoldDownWithoutAFailedJob() {
        // Given a step back for the error rate, the failures going on for five minutes
        steppedBackAtStepOne(Plans.pilot(), RollbackTrigger.ERROR_RATE);
        samplesFor(5, BASELINE_JOB, i -> true);
        assertThat(returnsAt).isEmpty();

        // When no job fails for an hour
        Instant cleanFrom = run.now;
        samplesFor(60, BASELINE_JOB, i -> false);

        // Then one return a hold-down after the failures stopped, re-running step 1 with a fresh gate, the reason told
        assertThat(returnsAt).hasSize(1);
        assertThat(Duration.between(cleanFrom, returnsAt.get(0)).toMillis())
                .isBetween(HOLD_DOWN, HOLD_DOWN + 2 * SAMPLE_MILLIS);
        assertThat(run.published(Payload.Resumed.class)).singleElement()
                .satisfies(r -> assertThat(r.by()).startsWith("return-to-spot: ERROR_RATE cleared"));
        assertThat(run.published(Payload.StepStarted.class)).first()
                .satisfies(s -> assertThat(s.stepIndex()).isEqualTo(1));
        assertThat(run.state.pausedBy(PauseCondition.Reason.ROLLBACK_HOLD)).isFalse();
    }

    @Test
    void oneFailedJobRestartsTheHoldDownClock() {
        // Given an error-rate rollback, clean for ten minutes, one failure, clean for ten more
        steppedBackAtStepOne(Plans.pilot(), RollbackTrigger.ERROR_RATE);
        samplesFor(10, BASELINE_JOB, i -> false);
        sample(BASELINE_JOB, 1);
        samplesFor(10, BASELINE_JOB, i -> false);

        // Then no return yet; it comes a full hold-down after the failure
        assertThat(returnsAt).isEmpty();
        samplesFor(10, BASELINE_JOB, i -> false);
        assertThat(returnsAt).hasSize(1);
    }

    @Test
    void aWarningWhileWaitingRestartsTheClock() {
        // Given a rollback for a missed notice deadline, ten quiet minutes
        steppedBackAtStepOne(Plans.pilot(), RollbackTrigger.NOTICE_DEADLINE_MISSED);
        samplesFor(10, BASELINE_JOB, i -> false);

        // When a two-minute warning arrives, then ten more quiet minutes
        run.apply(new Input.InterruptionWarned(RolloutScenario.id(), true, "i-9", "m5.large", "us-east-1a", run.now,
                run.now.plusSeconds(120)));
        samplesFor(10, BASELINE_JOB, i -> false);

        // Then no return yet: the period without warnings started again
        assertThat(returnsAt).isEmpty();
        samplesFor(10, BASELINE_JOB, i -> false);
        assertThat(returnsAt).hasSize(1);
        assertThat(run.published(Payload.Resumed.class)).singleElement()
                .satisfies(r -> assertThat(r.by()).contains("no interruption warning"));
    }

    @Test
    void aFailedGateReturnsOnceItsProcessingTimeIsBackInRange() {
        // Given step 1's gate failed (processing time) and the plan stepped back to 25 %
        run.atStep(Plans.pilot(), 1);
        run.advance(Plans.WINDOW_MS).verdict(1, GateResult.FAIL, "processing time +14 %");
        assertThat(run.state.pausedBy(PauseCondition.Reason.GATE_FAILED)).isTrue();
        run.forgetOutput();

        // When jobs run 14 % slower for half an hour, then at the baseline for half an hour
        samplesFor(30, BASELINE_JOB * 114 / 100, i -> false);
        assertThat(returnsAt).isEmpty();
        samplesFor(30, BASELINE_JOB, i -> false);

        // Then it returned once, re-running step 1
        assertThat(returnsAt).hasSize(1);
        assertThat(run.published(Payload.Resumed.class)).singleElement()
                .satisfies(r -> assertThat(r.by()).startsWith("return-to-spot: GATE_FAILED cleared"));
        assertThat(run.published(Payload.StepStarted.class)).first()
                .satisfies(s -> assertThat(s.stepIndex()).isEqualTo(1));
    }

    @Test
    void aGateThatFailsAgainAfterEachReturnBacksOffDoublingTheWaitBetweenReturns() {
        // Given step 1's gate failed on something on-demand samples cannot show (its cost per job)
        run.atStep(Plans.pilot(), 1);
        run.advance(Plans.WINDOW_MS).verdict(1, GateResult.FAIL, "cost_per_job_micros 1.56 breaks the gate limit 1.0");
        run.forgetOutput();

        // When for ten hours every sample looks healthy and every re-run of step 1 fails its gate again
        for (int i = 0; i < 10 * 60 * 60_000L / SAMPLE_MILLIS; i++) {
            run.advance(SAMPLE_MILLIS);
            sample(BASELINE_JOB, 0);
            if (run.state.stage() == Stage.SHIFTING && run.state.gate().step() == 1) {
                run.advance(run.state.plan().validationWindowMillis())
                        .verdict(1, GateResult.FAIL, "cost_per_job_micros 1.56 breaks the gate limit 1.0");
            }
        }

        // Then the waits between returns grow 2, 4, 8 hold-downs and stay at 8, instead of one return per hold-down
        assertThat(returnsAt.size()).isBetween(4, 10);
        List<Long> gaps = new ArrayList<>();
        for (int k = 1; k < returnsAt.size(); k++) {
            gaps.add(Duration.between(returnsAt.get(k - 1), returnsAt.get(k)).toMillis());
        }
        assertThat(gaps.get(0)).isGreaterThanOrEqualTo(2 * HOLD_DOWN).isLessThan(3 * HOLD_DOWN);
        assertThat(gaps.get(1)).isGreaterThanOrEqualTo(4 * HOLD_DOWN).isLessThan(5 * HOLD_DOWN);
        assertThat(gaps.subList(2, gaps.size())).allSatisfy(g -> assertThat(g)
                .isGreaterThanOrEqualTo(8 * HOLD_DOWN).isLessThan(9 * HOLD_DOWN));
    }

    @Test
    void aProcessingTimeOscillatingAroundItsLimitNeverReturns() {
        // Given a rollback for degraded performance
        steppedBackAtStepOne(Plans.pilot(), RollbackTrigger.PERFORMANCE_DEGRADATION);

        // When jobs swing between +9 % and +11 % of the baseline for three hours (the limit is +10 %, the band +8 %)
        for (int i = 0; i < 3 * 60 * 60_000L / SAMPLE_MILLIS; i++) {
            run.advance(SAMPLE_MILLIS);
            sample(i % 2 == 0 ? BASELINE_JOB * 109 / 100 : BASELINE_JOB * 111 / 100, 0);
        }

        // Then it stays held
        assertThat(returnsAt).isEmpty();
        assertThat(run.state.pausedBy(PauseCondition.Reason.ROLLBACK_HOLD)).isTrue();
    }

    @Test
    void aPlanThatOptedOutWaitsForAnOperator() {
        // Given a plan opted out of returns, stepped back for the error rate
        steppedBackAtStepOne(Plans.optedOutOfReturns(), RollbackTrigger.ERROR_RATE);

        // When nothing fails for an hour
        samplesFor(60, BASELINE_JOB, i -> false);

        // Then it holds for the operator
        assertThat(returnsAt).isEmpty();
        assertThat(run.state.pausedBy(PauseCondition.Reason.ROLLBACK_HOLD)).isTrue();
    }

    @Test
    void anOperatorsRollbackADataInconsistencyAndTheKillSwitchAlwaysWaitForAnOperator() {
        for (RollbackTrigger trigger : List.of(RollbackTrigger.OPERATOR, RollbackTrigger.DATA_INCONSISTENCY)) {
            RolloutScenario other = new RolloutScenario();
            other.atStep(Plans.pilot(), 1);
            other.rollback("plan-1:" + trigger, RollbackLevel.STEP, trigger);
            for (int i = 0; i < 360; i++) {
                other.advance(SAMPLE_MILLIS);
                other.apply(new Input.MetricObserved(RolloutScenario.id(), false, 25, 0, BASELINE_JOB, 55.0, 600_000,
                        1_000_000, SAMPLE_MILLIS, 0, other.state.spotPercent()));
            }
            assertThat(other.published(Payload.Resumed.class)).as("resumed after %s", trigger).isEmpty();
        }

        // And a plan the kill switch rolled back (after an error-rate rollback) waits after its release too
        steppedBackAtStepOne(Plans.pilot(), RollbackTrigger.ERROR_RATE);
        run.killSwitch(true);
        run.killSwitch(false);
        samplesFor(60, BASELINE_JOB, i -> false);
        assertThat(returnsAt).isEmpty();
        assertThat(run.state.stage()).isEqualTo(Stage.PAUSED);
    }
}
