package dev.spotshift.executor.domain;

import java.util.List;

/**
 * Per-step validation windows and intervals (seed 002: 5 min of monitoring after 10 %, 10 min after 50 %). An empty
 * list means the plan's single value applies to every step; otherwise there is one value per step, in step order.
 */
public record StepTimings(List<Long> validationWindowsMillis, List<Long> stepIntervalsMillis) {

    public StepTimings {
        validationWindowsMillis = validationWindowsMillis == null ? List.of() : List.copyOf(validationWindowsMillis);
        stepIntervalsMillis = stepIntervalsMillis == null ? List.of() : List.copyOf(stepIntervalsMillis);
    }

    public static StepTimings uniform() {
        return new StepTimings(List.of(), List.of());
    }

    long windowOf(int step, long fallback) {
        return step >= 0 && step < validationWindowsMillis.size() ? validationWindowsMillis.get(step) : fallback;
    }

    long intervalOf(int step, long fallback) {
        return step >= 0 && step < stepIntervalsMillis.size() ? stepIntervalsMillis.get(step) : fallback;
    }
}
