package dev.spotshift.executor.domain;

import java.time.Instant;

/**
 * One spot instance being replaced: from the warning (or rebalance recommendation) to a validated replacement.
 *
 * @param warningId     the warning that started it; names its notice timer and answers every event it causes
 * @param warned        a two-minute warning arrived (a rebalance recommendation alone has no deadline yet)
 * @param deadline      when the instance goes; null while only a rebalance was recommended
 * @param commandId     the CHECKPOINT command sent to the workload; its report names it
 * @param checkpoint    the checkpoint as verified in the store, null until then
 * @param problem       why the state cannot be trusted (failed, missing or corrupt checkpoint, fallback), or null
 * @param replacement   the instance launched in its place, null until launched
 * @param fallback      the notice margin passed unfinished: the replacement is on-demand
 * @param done          ReplacementLaunched is out: later reports for it are ignored
 */
public record Interruption(String warningId, String instanceId, String instanceType, String availabilityZone,
                           boolean warned, Instant deadline, String commandId, String location,
                           Checkpoint checkpoint, String problem, Replacement replacement, boolean fallback,
                           boolean done) {

    public record Checkpoint(String location, long sizeBytes, String sha256) {}

    public record Replacement(String instanceId, String instanceType, String availabilityZone, boolean spot) {}

    /**
     * The first report of an instance going away: its checkpoint asked for under {@code commandId} at
     * {@code location}; no deadline unless EC2 warned ({@code warned}: a two-minute notice, not a rebalance hint).
     */
    static Interruption reported(String warningId, String instanceId, String instanceType, String availabilityZone,
                                 boolean warned, Instant deadline, String commandId, String location) {
        return new Interruption(warningId, instanceId, instanceType, availabilityZone, warned,
                warned ? deadline : null, commandId, location, null, null, null, false, false);
    }

    Interruption withWarning(Instant newDeadline) {
        return new Interruption(warningId, instanceId, instanceType, availabilityZone, true, newDeadline, commandId,
                location, checkpoint, problem, replacement, fallback, done);
    }

    Interruption withCheckpoint(Checkpoint c) {
        return new Interruption(warningId, instanceId, instanceType, availabilityZone, warned, deadline, commandId,
                location, c, problem, replacement, fallback, done);
    }

    Interruption withProblem(String p) {
        return new Interruption(warningId, instanceId, instanceType, availabilityZone, warned, deadline, commandId,
                location, checkpoint, problem == null ? p : problem, replacement, fallback, done);
    }

    Interruption withReplacement(Replacement r) {
        return new Interruption(warningId, instanceId, instanceType, availabilityZone, warned, deadline, commandId,
                location, checkpoint, problem, r, fallback, done);
    }

    Interruption asFallback() {
        return new Interruption(warningId, instanceId, instanceType, availabilityZone, warned, deadline, commandId,
                location, checkpoint, problem, replacement, true, done);
    }

    Interruption asDone() {
        return new Interruption(warningId, instanceId, instanceType, availabilityZone, warned, deadline, commandId,
                location, checkpoint, problem, replacement, fallback, true);
    }

    /** Inside the notice when there is no deadline (rebalance only) or it has not passed. */
    boolean withinNotice(Instant now) {
        return deadline == null || !now.isAfter(deadline);
    }
}
