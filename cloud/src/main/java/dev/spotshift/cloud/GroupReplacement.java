package dev.spotshift.cloud;

import java.util.Objects;

/** What {@link CapacityManager#replaceInGroup} did with one instance of a group. */
public record GroupReplacement(String instanceId, Outcome outcome) {

    public enum Outcome {
        /** Termination asked for now; the group launches the replacement itself. */
        TERMINATION_REQUESTED,
        /** The instance was already shutting down or terminated: asked before, or interrupted. */
        ALREADY_TERMINATING,
        /** No such instance (any more). */
        GONE,
        /** The instance runs, but not in this group: nothing was done to it. */
        NOT_IN_GROUP
    }

    public GroupReplacement {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** Whether this call asked for the termination (false: nothing was left to do, or nothing may be done). */
    public boolean requestedNow() {
        return outcome == Outcome.TERMINATION_REQUESTED;
    }
}
