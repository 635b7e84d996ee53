package dev.spotshift.executor.domain;

import java.time.Instant;

/**
 * One orphan as the reaper follows it from the sighting that judged it to the outcome of its termination: what
 * keeps a second sighting from ordering a second termination, and a second copy of an outcome from being announced
 * twice.
 *
 * @param attempt    terminations ordered so far (0: only reported, in dry-run)
 * @param commandId  the termination awaited (PENDING) or last answered; null when only reported
 * @param reason     why it was judged orphaned
 * @param lastSeenAt the latest sighting: an orphan not seen for a while is gone, whoever ended it
 */
public record Reaping(String instanceId, String planId, String instanceType, String availabilityZone, boolean spot,
                      boolean planKnown, String reason, Status status, int attempt, String commandId,
                      Instant judgedAt, Instant lastSeenAt) {

    public enum Status {
        /** Termination ordered, outcome not yet back. */
        PENDING,
        TERMINATED,
        /** The termination failed: the next sighting orders another. */
        FAILED,
        /** Dry-run: announced, left running. */
        REPORTED
    }

    /** Still costing money, as far as the executor knows. */
    public boolean running() {
        return status != Status.TERMINATED;
    }

    Reaping seenAt(Instant now) {
        return new Reaping(instanceId, planId, instanceType, availabilityZone, spot, planKnown, reason, status, attempt,
                commandId, judgedAt, now);
    }

    Reaping with(Status next, int nextAttempt, String nextCommandId, Instant now) {
        return new Reaping(instanceId, planId, instanceType, availabilityZone, spot, planKnown, reason, next,
                nextAttempt, nextCommandId, now, now);
    }
}
