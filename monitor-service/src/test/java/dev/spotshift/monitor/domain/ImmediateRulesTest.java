package dev.spotshift.monitor.domain;

import static dev.spotshift.monitor.domain.Samples.failing;
import static dev.spotshift.monitor.domain.Samples.healthy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.monitor.domain.Breach.Level;
import dev.spotshift.monitor.domain.Breach.Trigger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImmediateRulesTest {

    private final Limits rateOnly = Samples.withJobFailureRule(Limits.seedDefaults(), false);

    @Test
    void rollsBackToOnDemandWhenErrorRateBreachesInOneMinute() {
        // Given 30 s of clean samples with 10 jobs each, then one failure among 10 jobs
        List<Sample> recent = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            recent.add(healthy("s" + i, i * 1_000L, 10));
        }
        Sample breaching = failing("bad", 31_000, 9, 1);
        recent.add(breaching);

        // When
        Breach breach = ImmediateRules.judge(rateOnly, recent, breaching).orElseThrow();

        // Then: 1 of 310 jobs is 0.32 % > 0.01 %, over the minute that ends at the breaching sample
        assertThat(breach.trigger()).isEqualTo(Trigger.ERROR_RATE);
        assertThat(breach.level()).isEqualTo(Level.FULL);
        assertThat(breach.windowStartMillis()).isEqualTo(31_000 - 60_000);
        assertThat(breach.windowEndMillis()).isEqualTo(31_000);
        assertThat(breach.breachingSampleId()).isEqualTo("bad");
        assertThat(breach.checks()).anySatisfy(c -> {
            assertThat(c.metric()).isEqualTo("error_rate_percent");
            assertThat(c.observed()).isCloseTo(100.0 / 310, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(c.passed()).isFalse();
        });
    }

    @Test
    void doesNotJudgeARateOverTooFewJobs() {
        // Given a plan that does not roll back on single job failures, and 1 failure in 5 jobs
        Sample breaching = failing("bad", 1_000, 4, 1);

        // When / Then: 20 % over 5 jobs is below the 20-job minimum, so no rate is judged
        assertThat(ImmediateRules.judge(rateOnly, List.of(breaching), breaching)).isEmpty();
    }

    @Test
    void letsTheAbsoluteFailureCountDecideBelowTheMinimumVolumeAndSaysSo() {
        Sample breaching = failing("bad", 1_000, 4, 1);

        Breach breach = ImmediateRules.judge(Limits.seedDefaults(), List.of(breaching), breaching).orElseThrow();

        assertThat(breach.trigger()).isEqualTo(Trigger.JOB_FAILURE);
        assertThat(breach.reason()).contains("5 jobs in the window are below the 20 needed for a rate");
        assertThat(breach.checks()).anySatisfy(c -> {
            assertThat(c.metric()).isEqualTo("jobs_in_window");
            assertThat(c.passed()).isFalse();
        });
    }

    @Test
    void judgesTheRateAtTheMinimumVolume() {
        // Given exactly 20 jobs in the window, one failed
        Sample earlier = healthy("ok", 500, 10);
        Sample breaching = failing("bad", 1_000, 9, 1);

        assertThat(ImmediateRules.judge(rateOnly, List.of(earlier, breaching), breaching))
                .hasValueSatisfying(b -> assertThat(b.trigger()).isEqualTo(Trigger.ERROR_RATE));
    }

    @Test
    void forgetsFailuresThatLeftTheOneMinuteWindow() {
        // Given a failure exactly one minute before the judged sample: the window is (t - 60 s, t]
        Sample old = failing("old", 1_000, 19, 1);
        Sample now = healthy("now", 61_000, 20);

        assertThat(ImmediateRules.judge(rateOnly, List.of(old, now), now)).isEmpty();
        Sample justInside = failing("in", 1_001, 19, 1);
        assertThat(ImmediateRules.judge(rateOnly, List.of(justInside, now), now))
                .hasValueSatisfying(b -> assertThat(b.trigger()).isEqualTo(Trigger.ERROR_RATE));
    }

    @Test
    void rollsBackOnAnyDataInconsistency() {
        Sample s = Samples.inconsistent("dirty", 1_000);

        assertThat(ImmediateRules.judge(Limits.seedDefaults(), List.of(s), s))
                .hasValueSatisfying(b -> {
                    assertThat(b.trigger()).isEqualTo(Trigger.DATA_INCONSISTENCY);
                    assertThat(b.level()).isEqualTo(Level.FULL);
                });
    }

    @Test
    void staysQuietOnACleanStream() {
        Sample s = healthy("ok", 1_000, 100);

        assertThat(ImmediateRules.judge(Limits.seedDefaults(), List.of(s), s)).isEmpty();
    }
}
