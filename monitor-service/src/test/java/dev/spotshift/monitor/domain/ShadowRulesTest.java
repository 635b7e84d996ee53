package dev.spotshift.monitor.domain;

import static dev.spotshift.monitor.domain.Samples.shortWindows;
import static dev.spotshift.monitor.domain.Samples.slow;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a shadow sample triggers on its own: a data inconsistency, at once. Its job time is the run's to judge
 * ({@link ShadowPhaseRulesTest}).
 */
class ShadowRulesTest {

    private static final long T = 1_700_000_000_000L;

    @Test
    void givenAShadowSampleFarSlowerThanTheBaselineWhenJudgedAloneThenNothingIsOrderedBackTheRunDecides() {
        // Given a baseline of 1,000 ms and a plan allowing +5 %
        // When one shadow interval's jobs take 2,000 ms
        // Then that sample alone orders nothing: one slow interval is not a slow run
        assertThat(ShadowRules.judge(shortWindows(), slow("s-1", T, 10, 2_000), List.of())).isEmpty();
    }

    @Test
    void givenASlowShadowSampleWithAMismatchWhenJudgedThenAFullRollbackOnTheDataInconsistencyNamesTheJob() {
        Sample sample = new Sample("s-1", T, 1_000, 10, 0, 2_000, 50.0, 300, 1_000, 100, 1);
        assertThat(ShadowRules.judge(shortWindows(), sample, List.of(new ShadowRules.Mismatch("job-0", "aaa", "bbb"))))
                .hasValueSatisfying(b -> {
                    assertThat(b.trigger()).isEqualTo(Breach.Trigger.DATA_INCONSISTENCY);
                    assertThat(b.level()).isEqualTo(Breach.Level.FULL);
                    assertThat(b.reason()).contains("job job-0", "aaa", "bbb");
                });
    }
}
