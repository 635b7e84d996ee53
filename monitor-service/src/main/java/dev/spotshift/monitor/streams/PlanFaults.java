package dev.spotshift.monitor.streams;

import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.Reason;
import dev.spotshift.schemas.DeadLetters;
import dev.spotshift.schemas.streams.Transience;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.errors.StreamsException;

/**
 * What the monitor does with one plan's record it must not judge: refuse it (future-dated) or quarantine the plan,
 * and how an operator's RETRY releases it.
 */
final class PlanFaults {

    /** The reason code on a quarantined plan's status. */
    static final String QUARANTINED = "QUARANTINED";

    private PlanFaults() {}

    /**
     * Why a record dated further ahead of the wall clock than the skew is refused, or empty if it is not: it would
     * move the plan's time forward (its samples' lateness, its windows). A fact may be late; it may not be from the future.
     */
    static Optional<String> futureDated(long timestamp, long occurredAt, long nowMillis, long maxSkewMillis) {
        long dated = Math.max(timestamp, occurredAt);
        if (dated <= nowMillis + maxSkewMillis) {
            return Optional.empty();
        }
        return Optional.of("dated " + Instant.ofEpochMilli(dated) + ", more than " + Duration.ofMillis(maxSkewMillis)
                + " ahead of the wall clock (" + Instant.ofEpochMilli(nowMillis)
                + "): refused rather than let it move time forward");
    }

    /**
     * Registry, broker and Streams failures are not the plan's: they fail the thread, which is replaced and reads the
     * record again. Anything else thrown while handling one plan's record is that plan's problem.
     */
    static void rethrowIfNotThePlans(RuntimeException e) {
        if (Transience.isTransient(e) || e instanceof StreamsException) {
            throw e;
        }
    }

    static String why(String planId, RuntimeException e) {
        return "monitor stopped judging plan " + planId + ": " + DeadLetters.describe(e);
    }

    /** {@code current} with a QUARANTINED reason first, saying why. */
    static MigrationStatus quarantined(MigrationStatus current, String why, long nowMillis) {
        List<Reason> reasons = new ArrayList<>();
        reasons.add(Reason.newBuilder().setCode(QUARANTINED).setMessage(why).setLocation(null).build());
        reasons.addAll(current.getReasons());
        return MigrationStatus.newBuilder(current).setReasons(reasons).setUpdatedAt(Instant.ofEpochMilli(nowMillis)).build();
    }

    /** {@code current} without its QUARANTINED reasons: the plan is judged again. */
    static MigrationStatus released(MigrationStatus current, long nowMillis) {
        List<Reason> reasons = current.getReasons().stream().filter(r -> !QUARANTINED.equals(r.getCode())).toList();
        return MigrationStatus.newBuilder(current).setReasons(new ArrayList<>(reasons))
                .setUpdatedAt(Instant.ofEpochMilli(nowMillis)).build();
    }

    /** Why the plan of this status is quarantined, or empty when it is not. */
    static Optional<String> quarantine(MigrationStatus status) {
        // asked for every record: a loop, not a stream pipeline built each time
        if (status != null) {
            for (Reason r : status.getReasons()) {
                if (QUARANTINED.equals(r.getCode())) {
                    return Optional.ofNullable(r.getMessage());
                }
            }
        }
        return Optional.empty();
    }
}
