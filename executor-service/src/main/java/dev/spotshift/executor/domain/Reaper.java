package dev.spotshift.executor.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The money-leak audit (seed 004): capacity, spot or on-demand, carrying this deployment's ownership tags whose
 * plan is finished, rolled back or unknown is an orphan. Finished includes COMPLETED: what the executor launched
 * itself (replacements of instance-id plans) sits beside the workload's own capacity once the plan is done.
 */
public final class Reaper {

    /** One tagged instance as the cloud lists it. */
    public record Owned(String instanceId, String planId, boolean spot, String instanceType, String availabilityZone,
                        Instant launchedAt) {}

    /** An orphan: {@code plan} is null when no state exists for the tagged plan id. */
    public record Orphan(Owned instance, RolloutState plan, String reason) {}

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
            if (!mine.test(i.planId())
                    || i.launchedAt() != null && i.launchedAt().isAfter(now.minusMillis(graceMillis))) {
                continue;
            }
            RolloutState plan = plans.apply(i.planId());
            if (plan == null) {
                out.add(new Orphan(i, null, "no plan " + i.planId() + " is known to the executor"));
            } else if (plan.stage().terminal()) {
                out.add(new Orphan(i, plan, "plan " + i.planId() + " ended " + plan.stage()));
            }
        }
        return out;
    }
}
