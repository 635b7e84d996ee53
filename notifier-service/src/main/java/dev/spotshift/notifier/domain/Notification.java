package dev.spotshift.notifier.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One thing a person should hear about, in the shape every sink renders: the event it comes from (its id is what
 * deduplication keys on), the plan, what kind of news it is, a one-line headline and the details (for a rollback:
 * the trigger, the level, the reason and the measurements that breached).
 */
public record Notification(String eventId, String planId, Kind kind, Instant occurredAt, String headline,
                           Map<String, Object> details, Origin origin) {

    public enum Kind { STATUS, ROLLBACK, REVIEW, BUDGET, MONEY_LEAK }

    /** Where the event was read: a delivery given up on is reported against it, so it can be re-driven. */
    public record Origin(String topic, int partition, long offset) {}

    public Notification {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(planId, "planId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(headline, "headline");
        details = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
        Objects.requireNonNull(origin, "origin");
    }
}
