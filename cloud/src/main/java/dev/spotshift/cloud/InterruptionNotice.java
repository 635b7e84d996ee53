package dev.spotshift.cloud;

import java.time.Instant;
import java.util.Objects;

/**
 * A parsed EventBridge notice. {@code eventId} is EventBridge's id (stable across redeliveries: consumers dedupe
 * on it). {@code deadline} is {@code time} + 120 s for a warning and null for a rebalance recommendation.
 * {@code action} is the warning's instance-action (terminate, stop, hibernate), null for a recommendation.
 */
public record InterruptionNotice(String eventId, String instanceId, NoticeKind kind, String region, Instant time,
                                 Instant deadline, String action) {
    public InterruptionNotice {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(time, "time");
    }
}
