package dev.spotshift.audit;

/** One number judged against a threshold (a verdict's or a rollback command's measurement). */
public record Measure(String metric, double observed, double threshold, String comparator, Double baseline,
                      boolean passed) {
}
