package dev.spotshift.monitor.domain;

import static dev.spotshift.monitor.domain.Samples.BASELINE;
import static dev.spotshift.monitor.domain.Samples.costing;
import static dev.spotshift.monitor.domain.Samples.slow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.monitor.domain.Breach.Level;
import dev.spotshift.monitor.domain.Breach.Trigger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradualRulesTest {

    // Degradation over 15 s, cost efficiency over 60 s: the seed's 15 min and 1 h in seconds.
    private final Limits limits = Samples.shortWindows();

    private static List<Sample> slowFor(int seconds, long meanJobMillis) {
        List<Sample> out = new ArrayList<>();
        for (int i = 1; i <= seconds; i++) {
            out.add(slow("s" + i, i * 1_000L, 10, meanJobMillis));
        }
        return out;
    }

    @Test
    void stepsBackWhenJobTimeDegradesMoreThanTenPercentOverTheWholeWindow() {
        // Given 15 s of jobs 12 % slower than the baseline, watched since t=0
        List<Sample> recent = slowFor(15, 1_120);

        // When
        List<Breach> breaches = GradualRules.judge(limits, BASELINE, recent, recent.get(14), 0);

        // Then
        assertThat(breaches).singleElement().satisfies(b -> {
            assertThat(b.trigger()).isEqualTo(Trigger.PERFORMANCE_DEGRADATION);
            assertThat(b.level()).isEqualTo(Level.STEP);
            assertThat(b.windowStartMillis()).isZero();
            assertThat(b.windowEndMillis()).isEqualTo(15_000);
            assertThat(b.checks().get(0).observed()).isEqualTo(12.0);
        });
    }

    @Test
    void doesNotCallDegradationSustainedBeforeTheWindowIsCovered() {
        // Given only 14 s of slow samples: the 15 s window is not yet covered
        List<Sample> recent = slowFor(14, 1_200);

        assertThat(GradualRules.judge(limits, BASELINE, recent, recent.get(13), 0)).isEmpty();
    }

    @Test
    void doesNotCountSamplesFromBeforeTheLastRollback() {
        List<Sample> recent = slowFor(20, 1_200);

        // The window (5 s, 20 s] starts before the mix changed at 6 s
        assertThat(GradualRules.judge(limits, BASELINE, recent, recent.get(19), 6_000)).isEmpty();
        assertThat(GradualRules.judge(limits, BASELINE, recent, recent.get(19), 5_000)).hasSize(1);
    }

    @Test
    void toleratesDegradationAtExactlyTheLimit() {
        List<Sample> recent = slowFor(15, 1_100);

        assertThat(GradualRules.judge(limits, BASELINE, recent, recent.get(14), 0)).isEmpty();
    }

    @Test
    void stepsBackWhenSpotDeliversLessThanFortyPercentCostEfficiencyOverAnHour() {
        // Given 60 s at 50 % spot saving 15 % of on-demand: 30 % efficiency of the spot share
        List<Sample> recent = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            recent.add(costing("c" + i, i * 1_000L, 10, 850, 1_000, 50));
        }

        List<Breach> breaches = GradualRules.judge(limits, BASELINE, recent, recent.get(59), 0);

        assertThat(breaches).singleElement().satisfies(b -> {
            assertThat(b.trigger()).isEqualTo(Trigger.COST_EFFICIENCY);
            assertThat(b.checks().get(0).observed()).isCloseTo(30.0, org.assertj.core.data.Offset.offset(1e-9));
        });
    }

    @Test
    void judgesCostEfficiencyRelativeToTheSpotShareSoEarlyStepsAreNotCondemned() {
        // Given 25 % spot saving 17.5 % of on-demand: 70 % efficiency of the spot share
        List<Sample> recent = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            recent.add(costing("c" + i, i * 1_000L, 10, 825, 1_000, 25));
        }

        assertThat(GradualRules.judge(limits, BASELINE, recent, recent.get(59), 0)).isEmpty();
    }

    @Test
    void doesNotJudgeCostEfficiencyWhileNothingRunsOnSpot() {
        List<Sample> recent = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            recent.add(costing("c" + i, i * 1_000L, 10, 1_000, 1_000, 0));
        }

        assertThat(GradualRules.judge(limits, BASELINE, recent, recent.get(59), 0)).isEmpty();
    }
}
