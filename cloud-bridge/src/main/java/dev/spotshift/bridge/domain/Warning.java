package dev.spotshift.bridge.domain;

import java.time.Instant;
import java.util.Objects;

/** The figures of one SpotInterruptionWarning for a plan, before it becomes an Avro event. */
public record Warning(String planId, boolean twoMinuteWarning, String instanceId, String instanceType,
                      String availabilityZone, String action, Instant noticeAt, Instant deadline,
                      String sourceEventId) {
    public Warning {
        Objects.requireNonNull(planId, "planId");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(noticeAt, "noticeAt");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(sourceEventId, "sourceEventId");
    }
}
