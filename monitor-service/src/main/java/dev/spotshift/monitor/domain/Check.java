package dev.spotshift.monitor.domain;

/**
 * One number judged against a threshold. The comparator states the healthy condition
 * ({@code observed <comparator> threshold}); {@code passed} says whether it holds.
 */
public record Check(String metric, double observed, double threshold, Comparison comparison, Double baseline, boolean passed) {

    public enum Comparison { LESS_THAN, LESS_OR_EQUAL, GREATER_THAN, GREATER_OR_EQUAL }

    public static Check atMost(String metric, double observed, double threshold, Double baseline) {
        return new Check(metric, observed, threshold, Comparison.LESS_OR_EQUAL, baseline, observed <= threshold);
    }

    public static Check atLeast(String metric, double observed, double threshold, Double baseline) {
        return new Check(metric, observed, threshold, Comparison.GREATER_OR_EQUAL, baseline, observed >= threshold);
    }

    public static Check equalsZero(String metric, double observed) {
        return atMost(metric, observed, 0.0, null);
    }
}
