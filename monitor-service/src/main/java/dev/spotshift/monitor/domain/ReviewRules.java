package dev.spotshift.monitor.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Judges a plan's review rules on each sample. A rule is raised when its figure leaves its bound over a window the
 * samples fully cover (since the current capacity mix began), and cleared when a covered window is back inside; only
 * those changes are signalled, so a breach that lasts an hour is one signal, not one per sample. Nothing here orders
 * a rollback: a review is for people (the seed's alert_and_investigate, scale_review, optimization_review).
 */
public final class ReviewRules {

    /** A rule whose state changed. */
    public record Signal(Review rule, boolean raised, Check check, long windowStartMillis, long windowEndMillis,
                         int samples, String sampleId, String reason) {}

    private ReviewRules() {}

    /**
     * @param open actions of the rules raised and not yet cleared
     */
    public static List<Signal> judge(List<Review> rules, BaselineFigures baseline, Collection<Sample> recent,
                                     Sample sample, long watchedSinceMillis, Set<String> open) {
        List<Signal> signals = new ArrayList<>();
        for (Review rule : rules) {
            Window window = Window.trailing(recent, sample.atMillis(), rule.windowMillis());
            if (!window.coveredSince(watchedSinceMillis)) {
                continue;
            }
            Optional<Check> check = check(rule, window.stats(), baseline);
            if (check.isEmpty()) {
                continue;
            }
            boolean raised = !check.get().passed();
            if (raised == open.contains(rule.action())) {
                continue;
            }
            Check c = check.get();
            String reason = String.format(java.util.Locale.ROOT, "%s: %s %.2f %s %.2f over %d ms", rule.action(),
                    c.metric(), c.observed(), raised ? "breaks its bound" : "back within", c.threshold(),
                    rule.windowMillis());
            signals.add(new Signal(rule, raised, c, window.startMillis(), window.endMillis(), window.samples().size(),
                    sample.sampleId(), reason));
        }
        return List.copyOf(signals);
    }

    /** Empty when the window cannot measure the figure (no job, no baseline, no cost): no news either way. */
    static Optional<Check> check(Review rule, WindowStats stats, BaselineFigures baseline) {
        Optional<Double> figure = switch (rule.metric()) {
            case PROCESSING_TIME_INCREASE_PERCENT -> baseline == null || baseline.jobCompletionMillis() <= 0
                    || !stats.hasJobTimes() ? Optional.empty()
                    : Optional.of(100.0 * (stats.meanJobMillis() - baseline.jobCompletionMillis()) / baseline.jobCompletionMillis());
            case CPU_UTILISATION_PERCENT -> stats.samples() == 0 ? Optional.empty() : Optional.of(stats.meanCpuPercent());
            case COST_PER_JOB_PERCENT_OF_BASELINE -> baseline == null || baseline.costPerJobMicros() <= 0
                    || !stats.hasJobTimes() ? Optional.empty()
                    : Optional.of(100.0 * stats.costPerJobMicros() / baseline.costPerJobMicros());
            case SAVINGS_PERCENT -> stats.onDemandCostMicros() <= 0 ? Optional.empty() : Optional.of(stats.savingsPercent());
            case ERROR_RATE_PERCENT -> stats.jobs() == 0 ? Optional.empty() : Optional.of(stats.errorRatePercent());
        };
        Double base = rule.metric() == Review.Metric.PROCESSING_TIME_INCREASE_PERCENT && baseline != null
                ? Double.valueOf(baseline.jobCompletionMillis())
                : rule.metric() == Review.Metric.COST_PER_JOB_PERCENT_OF_BASELINE && baseline != null
                ? Double.valueOf(baseline.costPerJobMicros()) : null;
        return figure.map(f -> rule.atMost() != null ? Check.atMost(rule.metricName(), f, rule.atMost(), base)
                : Check.atLeast(rule.metricName(), f, rule.atLeast(), base));
    }
}
