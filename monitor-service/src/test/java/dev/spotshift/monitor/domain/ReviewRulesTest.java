package dev.spotshift.monitor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReviewRulesTest {

    /** Seed 000's continuous monitoring, windows shortened to seconds. */
    private static final Review JOB_TIME = new Review("alert_and_investigate", Review.Metric.PROCESSING_TIME_INCREASE_PERCENT, 5.0, null, 5_000);
    private static final Review CPU = new Review("scale_review", Review.Metric.CPU_UTILISATION_PERCENT, 80.0, null, 5_000);
    private static final Review COST_PER_JOB = new Review("optimization_review", Review.Metric.COST_PER_JOB_PERCENT_OF_BASELINE, 50.0, null, 10_000);
    private static final Review SAVINGS = new Review("strategy_validation", Review.Metric.SAVINGS_PERCENT, null, 60.0, 10_000);
    private static final List<Review> SEED_000 = List.of(JOB_TIME, CPU, COST_PER_JOB, SAVINGS);

    @Test
    void raisesAScaleReviewWhenCpuStaysAboveEightyPercentOverItsWindow() {
        // Given ten seconds at 90 % CPU, otherwise healthy and saving 70 %
        List<Sample> recent = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            recent.add(new Sample("s" + i, i * 1_000L, 1_000, 10, 0, Samples.BASE_JOB_MILLIS, 90.0, 300, 1_000, 100, 0));
        }

        // When the last sample is judged with no review open
        List<ReviewRules.Signal> signals = ReviewRules.judge(SEED_000, Samples.BASELINE, recent, recent.get(9), 0, Set.of());

        // Then only the scale review is raised, with the figure and its bound
        assertThat(signals).extracting(s -> s.rule().action()).containsExactly("scale_review");
        ReviewRules.Signal s = signals.get(0);
        assertThat(s.raised()).isTrue();
        assertThat(s.check().observed()).isEqualTo(90.0);
        assertThat(s.check().threshold()).isEqualTo(80.0);
        assertThat(s.sampleId()).isEqualTo("s10");
    }

    @Test
    void saysNothingMoreWhileARaisedReviewStaysRaisedAndClearsItOnceTheFigureIsBack() {
        List<Sample> hot = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            hot.add(new Sample("h" + i, i * 1_000L, 1_000, 10, 0, Samples.BASE_JOB_MILLIS, 95.0, 300, 1_000, 100, 0));
        }
        // Given the scale review already raised: another hot sample is no news
        assertThat(ReviewRules.judge(List.of(CPU), Samples.BASELINE, hot, hot.get(5), 0, Set.of("scale_review"))).isEmpty();

        // When a cool window follows
        List<Sample> cool = new ArrayList<>(hot);
        for (int i = 7; i <= 12; i++) {
            cool.add(new Sample("c" + i, i * 1_000L, 1_000, 10, 0, Samples.BASE_JOB_MILLIS, 40.0, 300, 1_000, 100, 0));
        }
        List<ReviewRules.Signal> signals = ReviewRules.judge(List.of(CPU), Samples.BASELINE, cool, cool.get(11), 0,
                Set.of("scale_review"));

        // Then the review is cleared
        assertThat(signals).singleElement().satisfies(s -> {
            assertThat(s.raised()).isFalse();
            assertThat(s.check().observed()).isEqualTo(40.0);
        });
    }

    @Test
    void asksForAStrategyReviewWhenSavingsStayBelowSixtyPercentAndAnOptimisationReviewWhenCostPerJobIsAboveHalfTheBaseline() {
        // Given ten seconds saving 45 % (cost 55 of every 100 on-demand): cost per job 55 % of the baseline's
        List<Sample> recent = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            recent.add(Samples.costing("s" + i, i * 1_000L, 10, 550, 1_000, 100));
        }

        List<ReviewRules.Signal> signals = ReviewRules.judge(SEED_000, Samples.BASELINE, recent, recent.get(9), 0, Set.of());

        assertThat(signals).extracting(s -> s.rule().action()).containsExactly("optimization_review", "strategy_validation");
        assertThat(signals.get(0).check().observed()).isEqualTo(55.0);
        assertThat(signals.get(1).check().observed()).isEqualTo(45.0);
        assertThat(signals.get(1).check().comparison()).isEqualTo(Check.Comparison.GREATER_OR_EQUAL);
    }

    @Test
    void judgesNoWindowTheSamplesDoNotCoverSinceTheMixBegan() {
        // Given two hot seconds only, of a five-second window
        List<Sample> recent = List.of(
                new Sample("s1", 1_000, 1_000, 10, 0, Samples.BASE_JOB_MILLIS, 99.0, 300, 1_000, 100, 0),
                new Sample("s2", 2_000, 1_000, 10, 0, Samples.BASE_JOB_MILLIS, 99.0, 300, 1_000, 100, 0));

        // Then no review yet: "over 5 minutes" means over 5 minutes
        assertThat(ReviewRules.judge(List.of(CPU), Samples.BASELINE, recent, recent.get(1), 0, Set.of())).isEmpty();
    }

    @Test
    void aRelativeRuleWithoutABaselineStaysSilent() {
        List<Sample> recent = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            recent.add(Samples.slow("s" + i, i * 1_000L, 10, 5_000));
        }
        assertThat(ReviewRules.judge(List.of(JOB_TIME), null, recent, recent.get(9), 0, Set.of())).isEmpty();
        assertThat(ReviewRules.judge(List.of(JOB_TIME), Samples.BASELINE, recent, recent.get(9), 0, Set.of()))
                .singleElement().satisfies(s -> assertThat(s.check().observed()).isEqualTo(400.0));
    }

    @Test
    void aReviewNeverBecomesARollback() {
        // Given a plan whose only finding over a hot window is a review
        List<Sample> recent = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            recent.add(new Sample("s" + i, i * 1_000L, 1_000, 10, 0, Samples.BASE_JOB_MILLIS, 99.0, 300, 1_000, 100, 0));
        }
        PlanContext plan = PlanContext.unknown().approved(Samples.shortWindows().withReviews(SEED_000), Samples.BASELINE, 0);
        PlanContext sampled = plan;
        for (Sample s : recent.subList(0, 9)) {
            sampled = sampled.sampled(s);
        }

        // When the sample judge sees it
        SampleJudge.Outcome outcome = SampleJudge.judge("p", sampled, recent, recent.get(9));

        // Then it orders nothing
        assertThat(outcome.commands()).isEmpty();
        assertThat(ReviewRules.judge(outcome.context().limits().reviews(), Samples.BASELINE, recent, recent.get(9),
                outcome.context().watchedSinceMillis(), Set.of())).isNotEmpty();
    }
}
