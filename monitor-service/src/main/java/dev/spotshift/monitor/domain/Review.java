package dev.spotshift.monitor.domain;

/**
 * One alert-and-review rule of the plan (seed 000's continuous monitoring): a figure that leaves its bound over a
 * trailing window asks people to look. Exactly one of {@code atMost} / {@code atLeast} is set.
 */
public record Review(String action, Metric metric, Double atMost, Double atLeast, long windowMillis) {

    public enum Metric {
        PROCESSING_TIME_INCREASE_PERCENT, CPU_UTILISATION_PERCENT, COST_PER_JOB_PERCENT_OF_BASELINE, SAVINGS_PERCENT,
        ERROR_RATE_PERCENT
    }

    /** The figure's name in measurements, as the other rules name theirs. */
    public String metricName() {
        return metric.name().toLowerCase(java.util.Locale.ROOT);
    }
}
