package dev.spotshift.executor.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The money-leak audit (seed 004): capacity, spot or on-demand, carrying this deployment's ownership tags whose
 * plan is finished, rolled back or unknown is an orphan, and so is a plan's shadow capacity outside its shadow phase. Finished includes COMPLETED: what the executor launched
 * itself (replacements of instance-id plans) sits beside the workload's own capacity once the plan is done.
 * The executor only judges: a census outside the stream reports what runs, and the actuator terminates what the
 * judgement orders; {@link Reaping} follows each orphan between the two.
 */
public final class Reaper {

    /** One tagged instance as the cloud lists it; {@code shadow}: launched as its plan's shadow capacity. */
    public record Owned(String instanceId, String planId, boolean spot, String instanceType, String availabilityZone,
                        Instant launchedAt, boolean shadow) {

        /** Capacity other than a shadow run's. */
        public Owned(String instanceId, String planId, boolean spot, String instanceType, String availabilityZone,
                     Instant launchedAt) {
            this(instanceId, planId, spot, instanceType, availabilityZone, launchedAt, false);
        }
    }

    /** An orphan: {@code plan} is null when no state exists for the tagged plan id. */
    public record Orphan(Owned instance, RolloutState plan, String reason) {}

    /** What to do about one sighting. */
    public enum Act { NONE, TERMINATE, REPORT }

    /** {@code after}: what to keep about the instance (null: nothing); with TERMINATE, its commandId is the order. */
    public record Judgement(Reaping after, Act act) {}

    /**
     * The answer to a termination: {@code ignoredReason} set when nobody awaits it (a second copy, or an order
     * already answered); otherwise the reaping as it is now and the reason to announce.
     */
    public record Answer(Reaping after, String announcedReason, String ignoredReason) {
        public boolean applied() {
            return ignoredReason == null;
        }
    }

    private Reaper() {}

    /**
     * @param mine   whether this executor instance owns the plan id's state (its partition): only the owner may say
     *               a plan is unknown
     * @param graceMillis  younger instances are left alone: a launch and the state that records it commit together,
     *                     so a very young instance may belong to a transition still in flight
     */
    public static List<Orphan> orphans(List<Owned> owned, Function<String, RolloutState> plans, Predicate<String> mine,
                                       Instant now, long graceMillis) {
        List<Orphan> out = new ArrayList<>();
        for (Owned i : owned) {
            RolloutState plan = plans.apply(i.planId());
            reason(i, plan, mine.test(i.planId()), now, graceMillis).ifPresent(r -> out.add(new Orphan(i, plan, r)));
        }
        return out;
    }

    /** Why the instance is an orphan; empty when it is not, or not this executor's to judge. */
    public static Optional<String> reason(Owned i, RolloutState plan, boolean mine, Instant now, long graceMillis) {
        if (!mine || i.launchedAt() != null && i.launchedAt().isAfter(now.minusMillis(graceMillis))) {
            return Optional.empty();
        }
        if (plan == null) {
            return Optional.of("no plan " + i.planId() + " is known to the executor");
        }
        if (plan.stage().terminal()) {
            return Optional.of("plan " + i.planId() + " ended " + plan.stage());
        }
        if (i.shadow() && plan.stage() != Stage.SHADOW) {
            // Its removal at the phase's end was not confirmed after ShadowRemovals' bounded attempts (or was lost).
            return Optional.of("shadow capacity of plan " + i.planId() + " outside its shadow phase (" + plan.stage()
                    + ")");
        }
        return Optional.empty();
    }

    /**
     * One sighting judged: an orphan seen for the first time (or again after its termination failed) is ordered
     * terminated, or in dry-run reported once; one whose termination is awaited, reported, or done is only noted as
     * seen. What is not an orphan (any more) is left as it was.
     */
    public static Judgement seen(Owned i, Reaping before, RolloutState plan, boolean mine, Instant now,
                                 long graceMillis, boolean dryRun) {
        Optional<String> reason = reason(i, plan, mine, now, graceMillis);
        if (reason.isEmpty()) {
            return new Judgement(before, Act.NONE);
        }
        if (before != null) {
            switch (before.status()) {
                case PENDING:
                    return new Judgement(before.seenAt(now), Act.NONE);
                case TERMINATED:
                    // A listing that raced the termination; the next census no longer sees it.
                    return new Judgement(before, Act.NONE);
                case REPORTED:
                    if (dryRun) {
                        return new Judgement(before.seenAt(now), Act.NONE);
                    }
                    break;
                case FAILED:
                default:
                    break;
            }
        }
        Reaping base = before != null ? before
                : new Reaping(i.instanceId(), i.planId(), i.instanceType(), i.availabilityZone(), i.spot(),
                        plan != null, reason.get(), Reaping.Status.REPORTED, 0, null, now, now);
        if (dryRun) {
            return new Judgement(base.with(Reaping.Status.REPORTED, base.attempt(), base.commandId(), now), Act.REPORT);
        }
        int attempt = base.attempt() + 1;
        return new Judgement(base.with(Reaping.Status.PENDING, attempt, commandId(i.instanceId(), attempt), now),
                Act.TERMINATE);
    }

    /** The answer to the awaited termination, once; any other copy or order is ignored with why. */
    public static Answer answered(Reaping before, String commandId, boolean terminated, String detail, Instant now) {
        if (before == null) {
            return new Answer(null, null, "no termination of this instance is awaited");
        }
        if (before.status() != Reaping.Status.PENDING || !before.commandId().equals(commandId)) {
            return new Answer(before, null, "termination " + commandId + " was already answered or is not the one "
                    + "awaited (" + before.status() + " " + before.commandId() + ")");
        }
        Reaping after = before.with(terminated ? Reaping.Status.TERMINATED : Reaping.Status.FAILED, before.attempt(),
                commandId, now);
        return new Answer(after, before.reason() + (terminated ? "; " + detail : "; termination failed: " + detail),
                null);
    }

    /** The order's id: one per instance and attempt, so a replayed judgement orders the same termination. */
    public static String commandId(String instanceId, int attempt) {
        return UUID.nameUUIDFromBytes((instanceId + "/terminate/" + attempt).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** Kept until not seen for {@code keepMillis}; an awaited termination is kept until answered. */
    public static boolean forgotten(Reaping r, Instant now, long keepMillis) {
        return r.status() != Reaping.Status.PENDING && r.lastSeenAt().isBefore(now.minusMillis(keepMillis));
    }

    /** Counted as a running orphan: not terminated, and seen within {@code freshMillis} (or awaiting its answer). */
    public static boolean stillRunning(Reaping r, Instant now, long freshMillis) {
        return r.running() && (r.status() == Reaping.Status.PENDING
                || !r.lastSeenAt().isBefore(now.minusMillis(freshMillis)));
    }
}
