package dev.spotshift.executor.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The two-minute notice (seed 001: checkpoint_state -> launch_replacement -> validate_state): the workload is asked
 * to checkpoint before the deadline, the checkpoint is verified in the store and announced, a replacement is
 * launched (spot from another pool, on-demand when spot is short) and the checkpoint is read back for it. A
 * rebalance recommendation starts the same path early and pre-launches the replacement. A timer at
 * deadline - margin falls back to an on-demand replacement at once if the path has not finished.
 *
 * The warning's plan is the record's key: the producer resolves it (the simulator knows its plan; the AWS bridge
 * reads the instance's {@code spotshift:plan} tag), so the state of exactly that plan is at hand here.
 */
final class Interruptions {

    private Interruptions() {}

    static Transition onWarning(Tx tx, Input.InterruptionWarned w) {
        var existing = tx.s.spot.byInstance(w.instanceId());
        if (existing.isPresent()) {
            Interruption i = existing.get();
            if (w.warning() && !i.warned() && !i.done()) {
                // The rebalance recommendation came first: the path runs already, now it has a deadline.
                put(tx, i.withWarning(w.deadline()));
                scheduleNotice(tx, w.eventId(), i.warningId(), w.deadline());
                Storms.record(tx, w);
                return tx.done();
            }
            return tx.ignore((i.done() ? "already replaced " : "already replacing ") + w.instanceId());
        }
        String commandId = derivedId(w.eventId(), "checkpoint");
        String location = location(tx);
        Interruption i = Interruption.reported(w.eventId(), w.instanceId(), w.instanceType(), w.availabilityZone(),
                w.warning(), w.deadline(), commandId, location);
        put(tx, i);
        if (location == null) {
            put(tx, i = i.withProblem("the plan has no checkpoint location: nothing to restore from"));
        } else {
            tx.command(new Command.RequestCheckpoint(commandId, w.eventId(), w.instanceId(), location,
                    w.warning() ? w.deadline() : null));
        }
        if (w.warning()) {
            scheduleNotice(tx, w.eventId(), w.eventId(), w.deadline());
            Storms.record(tx, w);
        }
        if (location == null || !w.warning() && tx.plan().groupName() == null) {
            // Early warning: a standalone replacement is up before the instance goes. A group's replacement waits
            // for the checkpoint: the group replaces the instance by terminating it, which must not come first.
            launch(tx, i, true);
        }
        return tx.done();
    }

    static Transition onReport(Tx tx, Input.CheckpointReported r) {
        var found = tx.s.spot.byCommand(r.commandId());
        if (found.isEmpty()) {
            return tx.ignore("report for unknown checkpoint command " + r.commandId());
        }
        Interruption i = found.get();
        if (i.done() || i.checkpoint() != null) {
            return tx.ignore("late report for " + i.instanceId() + ": its replacement is already settled");
        }
        if (!r.succeeded()) {
            i = i.withProblem("checkpoint failed on " + i.instanceId() + ": " + r.error());
            put(tx, i);
            return afterCheckpoint(tx, i);
        }
        tx.command(new Command.VerifyCheckpoint(tx.cloudId(), i.warningId(), r.location(), r.sizeBytes(), r.sha256()));
        return tx.done();
    }

    static Transition onVerified(Tx tx, Input.CheckpointVerified v) {
        var found = open(tx, v.warningId());
        if (found == null) {
            return tx.ignore("verification for a settled interruption " + v.warningId());
        }
        Interruption i = found;
        if (v.verified()) {
            i = i.withCheckpoint(new Interruption.Checkpoint(i.location(), v.sizeBytes(), v.sha256()));
            tx.publish(i.warningId(), new Payload.CheckpointWritten(i.instanceId(), i.location(), v.sizeBytes(),
                    v.sha256(), i.deadline()));
        } else {
            i = i.withProblem("checkpoint not verified: " + v.detail());
        }
        put(tx, i);
        return afterCheckpoint(tx, i);
    }

    /** With the checkpoint settled: validate it on the replacement if one is up, else launch one. */
    private static Transition afterCheckpoint(Tx tx, Interruption i) {
        if (i.replacement() == null) {
            return launch(tx, i, !i.fallback());
        }
        return validateOrFinish(tx, i);
    }

    static Transition onStarted(Tx tx, Input.ReplacementStarted r) {
        Interruption i = open(tx, r.warningId());
        if (i == null) {
            return tx.ignore("replacement for a settled interruption " + r.warningId());
        }
        if (r.error() != null) {
            put(tx, i.withProblem(r.error()).asDone());
            return Rollbacks.apply(tx, RollbackLevel.STEP, RollbackTrigger.NOTICE_DEADLINE_MISSED, null,
                    "no replacement for " + i.instanceId() + " could be launched: " + r.error(), i.warningId());
        }
        i = i.withReplacement(new Interruption.Replacement(r.instanceId(), r.instanceType(), r.availabilityZone(),
                r.spot()));
        put(tx, i);
        if (i.checkpoint() == null && i.problem() == null && !i.fallback()) {
            return tx.done(); // pre-launched on a rebalance recommendation: the checkpoint is still to come
        }
        return validateOrFinish(tx, i);
    }

    private static Transition validateOrFinish(Tx tx, Interruption i) {
        if (i.checkpoint() != null && i.problem() == null) {
            tx.command(new Command.ValidateRestore(tx.cloudId(), i.warningId(), i.checkpoint().location(),
                    i.checkpoint().sha256()));
            return tx.done();
        }
        return finish(tx, i, false, i.problem() != null ? i.problem()
                : "on-demand fallback: no verified checkpoint by the notice deadline minus margin");
    }

    static Transition onValidated(Tx tx, Input.RestoreValidated v) {
        Interruption i = open(tx, v.warningId());
        if (i == null) {
            return tx.ignore("validation for a settled interruption " + v.warningId());
        }
        return finish(tx, i, v.valid(), v.valid() ? "state restored from " + i.checkpoint().location()
                + " (sha256 " + i.checkpoint().sha256() + " read back)" : "restored state invalid: " + v.detail());
    }

    /** deadline - margin passed: whatever is missing, the instance gets an on-demand replacement now. */
    static Transition onNoticeDeadline(Tx tx, Timer timer) {
        Interruption i = open(tx, timer.causeId());
        if (i == null) {
            return tx.done();
        }
        i = i.asFallback();
        put(tx, i);
        if (i.replacement() == null) {
            return launch(tx, i, false);
        }
        return finish(tx, i, false, "notice deadline " + i.deadline() + " minus margin passed before the checkpoint "
                + "was verified: the replacement runs without restored state");
    }

    private static Transition finish(Tx tx, Interruption i, boolean validated, String reason) {
        Interruption.Replacement r = i.replacement();
        tx.cancel(Timer.Kind.NOTICE_DEADLINE, i.warningId());
        put(tx, i.asDone());
        tx.publish(i.warningId(), new Payload.ReplacementLaunched(i.instanceId(), r.instanceId(), r.instanceType(),
                r.availabilityZone(), r.spot(), validated, i.withinNotice(tx.now), reason));
        return tx.done();
    }

    /**
     * Spot from the pools the plan may still use, not the interrupted one's type; on-demand when told, when none is
     * left, or while the kill switch is engaged (then nothing launches spot). A DRY_RUN plan launches nothing: it
     * announces the replacement it would have launched and carries on as if it had.
     */
    private static Transition launch(Tx tx, Interruption i, boolean spot) {
        PlanSpec plan = tx.plan();
        List<String> types = new ArrayList<>(tx.s.spot.droppedTypes().containsAll(plan.instanceTypes())
                ? List.of() : tx.usableTypes());
        if (types.size() > 1) {
            types.remove(i.instanceType());
        }
        boolean useSpot = spot && !types.isEmpty() && !tx.s.killSwitchEngaged;
        List<String> launchTypes = useSpot ? types : List.of(plan.fallbackInstanceType());
        if (!plan.touchesCapacity()) {
            return onStarted(tx, new Input.ReplacementStarted(i.warningId(), "dry-run:" + i.instanceId(),
                    launchTypes.get(0), i.availabilityZone() == null ? "" : i.availabilityZone(), useSpot, null));
        }
        tx.command(new Command.LaunchReplacement(tx.cloudId(), i.warningId(), plan.region(), plan.planId(),
                plan.groupName(), useSpot, launchTypes, plan.fallbackInstanceType(), i.instanceId()));
        return tx.done();
    }

    private static void scheduleNotice(Tx tx, String cause, String warningId, Instant deadline) {
        Instant at = deadline.minusMillis(tx.settings.spot().noticeMarginMillis());
        tx.scheduleAnother(Timer.Kind.NOTICE_DEADLINE, at.isBefore(tx.now) ? tx.now : at, warningId, -1);
    }

    private static Interruption open(Tx tx, String warningId) {
        return tx.s.spot.byWarning(warningId).filter(i -> !i.done()).orElse(null);
    }

    private static void put(Tx tx, Interruption i) {
        tx.interruptionRecorded(i);
    }

    /** {@code <prefix>/<planId>/<workload>/<sequence>}, the store's convention; null when the plan has no prefix. */
    private static String location(Tx tx) {
        String prefix = tx.plan().checkpointLocation();
        if (prefix == null || prefix.isBlank()) {
            return null;
        }
        String base = prefix.endsWith("/") ? prefix : prefix + "/";
        return base + tx.plan().planId() + "/" + tx.plan().workload() + "/"
                + String.format("%012d", tx.s.eventSeq + tx.s.spot.interruptions().size());
    }

    static String derivedId(String from, String what) {
        return UUID.nameUUIDFromBytes((from + "/" + what).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
