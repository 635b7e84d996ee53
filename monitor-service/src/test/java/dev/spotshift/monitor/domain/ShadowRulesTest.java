package dev.spotshift.monitor.domain;

import static dev.spotshift.monitor.domain.Samples.BASELINE;
import static dev.spotshift.monitor.domain.Samples.healthy;
import static dev.spotshift.monitor.domain.Samples.shortWindows;
import static dev.spotshift.monitor.domain.Samples.slow;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Seed 000's shadow criterion: the shadow capacity's processing time <= baseline + the plan's gate increase (5 %). */
class ShadowRulesTest {

    private static final long T = 1_700_000_000_000L;

    @Test
    void givenShadowJobsAtExactlyTheBaselinePlusFivePercentWhenJudgedThenTheShadowRunHolds() {
        // Given a baseline of 1,000 ms and a plan allowing +5 %
        // When the shadow capacity's jobs take 1,050 ms
        // Then nothing is breached
        assertThat(ShadowRules.judge(shortWindows(), BASELINE, slow("s-1", T, 10, 1_050), List.of())).isEmpty();
        assertThat(ShadowRules.judge(shortWindows(), BASELINE, healthy("s-2", T, 10), List.of())).isEmpty();
    }

    @Test
    void givenShadowJobsSlowerThanTheBaselinePlusFivePercentWhenJudgedThenAFullRollbackNamesTheValueAndTheBound() {
        // Given a baseline of 1,000 ms and a plan allowing +5 %
        // When the shadow capacity's jobs take 1,051 ms
        Breach breach = ShadowRules.judge(shortWindows(), BASELINE, slow("s-1", T, 10, 1_051), List.of()).orElseThrow();
        // Then the shadow phase fails: everything back to on-demand, the reason naming the measure and the bound
        assertThat(breach.trigger()).isEqualTo(Breach.Trigger.PERFORMANCE_DEGRADATION);
        assertThat(breach.level()).isEqualTo(Breach.Level.FULL);
        assertThat(breach.breachingSampleId()).isEqualTo("s-1");
        assertThat(breach.reason()).contains("shadow run", "1051 ms", "bound 1050 ms", "baseline 1000 ms + 5 %", "s-1");
        assertThat(breach.checks()).singleElement().satisfies(c -> {
            assertThat(c.metric()).isEqualTo("shadow_mean_job_millis");
            assertThat(c.observed()).isEqualTo(1_051.0);
            assertThat(c.threshold()).isEqualTo(1_050.0);
            assertThat(c.baseline()).isEqualTo(1_000.0);
            assertThat(c.passed()).isFalse();
        });
    }

    @Test
    void givenAPlanAllowingTenPercentWhenShadowJobsAreEightPercentSlowerThenTheShadowRunHolds() {
        // Given a plan whose gate allows +10 % (the plan's field, not a constant)
        Limits tenPercent = withGateIncrease(shortWindows(), 10.0);
        // When shadow jobs take 1,080 ms, and then 1,101 ms
        // Then the first holds and the second breaches against a 1,100 ms bound
        assertThat(ShadowRules.judge(tenPercent, BASELINE, slow("s-1", T, 10, 1_080), List.of())).isEmpty();
        assertThat(ShadowRules.judge(tenPercent, BASELINE, slow("s-2", T, 10, 1_101), List.of()))
                .hasValueSatisfying(b -> assertThat(b.reason()).contains("bound 1100 ms", "+ 10 %"));
    }

    @Test
    void givenNoBaselineOrNoCompletedShadowJobWhenJudgedThenTheJobTimeIsNotJudged() {
        assertThat(ShadowRules.judge(shortWindows(), null, slow("s-1", T, 10, 5_000), List.of())).isEmpty();
        assertThat(ShadowRules.judge(shortWindows(), BASELINE, slow("s-2", T, 0, 5_000), List.of())).isEmpty();
    }

    @Test
    void givenASlowShadowSampleWithAMismatchWhenJudgedThenTheDataInconsistencyIsTheTrigger() {
        Sample sample = new Sample("s-1", T, 1_000, 10, 0, 2_000, 50.0, 300, 1_000, 100, 1);
        assertThat(ShadowRules.judge(shortWindows(), BASELINE, sample,
                List.of(new ShadowRules.Mismatch("job-0", "aaa", "bbb"))))
                .hasValueSatisfying(b -> assertThat(b.trigger()).isEqualTo(Breach.Trigger.DATA_INCONSISTENCY));
    }

    private static Limits withGateIncrease(Limits l, double percent) {
        return new Limits(l.errorRatePercent(), l.errorRateWindowMillis(), l.minJobsForErrorRate(),
                l.rollbackOnJobFailure(), l.rollbackOnDataInconsistency(), l.degradationPercent(),
                l.degradationWindowMillis(), l.minCostEfficiencyPercent(), l.costWindowMillis(), percent,
                l.gateMaxErrorRatePercent(), l.maxCpuUtilisationPercent());
    }
}
