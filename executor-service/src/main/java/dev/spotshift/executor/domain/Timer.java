package dev.spotshift.executor.domain;

import java.time.Instant;

/**
 * A scheduled re-evaluation, persisted with the plan so it survives a restart. {@code causeId} is the event
 * that set it: whatever the timer publishes answers that event. {@code stepIndex} is -1 when not about a step.
 */
public record Timer(Kind kind, Instant dueAt, String causeId, int stepIndex) {

    public enum Kind { MONITORING_DEADLINE, BASELINE_END, SHADOW_END, GATE_DEADLINE, NEXT_STEP, VALIDATION_END }

    public boolean dueBy(Instant now) {
        return !dueAt.isAfter(now);
    }
}
