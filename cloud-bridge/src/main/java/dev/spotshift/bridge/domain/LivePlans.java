package dev.spotshift.bridge.domain;

import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The live-plan directory: which plans are approved and not yet terminal, and what capacity they own. Fed from
 * migration-decisions and migration-status, read by the notice and metrics bridges on other threads.
 *
 * <p>The two topics are read side by side, so a plan's terminal status may be seen before its decision (another
 * partition, another topic): ended plan ids are remembered so a late decision does not bring a plan back.
 * That set only grows; a plan id is a few dozen bytes, so a million migrations cost tens of megabytes.
 */
public final class LivePlans {

    private final Map<String, LivePlan> live = new LinkedHashMap<>();
    private final Set<String> ended = new HashSet<>();

    /** An APPROVED decision: the plan is live unless it already ended. */
    public synchronized void approved(LivePlan plan) {
        if (!ended.contains(plan.planId())) {
            live.put(plan.planId(), plan);
        }
    }

    /** A terminal status: the plan's capacity is no longer Spotshift's concern. */
    public synchronized void ended(String planId) {
        ended.add(planId);
        live.remove(planId);
    }

    public synchronized Optional<LivePlan> plan(String planId) {
        return Optional.ofNullable(live.get(planId));
    }

    public synchronized boolean isLive(String planId) {
        return live.containsKey(planId);
    }

    /**
     * The live plan on the group. Two live plans on one group should not happen (the analyzer and executor work
     * per group); if it does, the one approved last is the one acting on the group now.
     */
    public synchronized Optional<LivePlan> ownerOfGroup(String region, String groupName) {
        return live.values().stream()
                .filter(p -> region.equals(p.region()) && groupName.equals(p.groupName()))
                .max(Comparator.comparing(LivePlan::approvedAt));
    }

    /** The live plan that lists the instance among its own (a plan over single instances). */
    public synchronized Optional<LivePlan> listing(String region, String instanceId) {
        return live.values().stream()
                .filter(p -> region.equals(p.region()) && p.instanceIds().contains(instanceId))
                .max(Comparator.comparing(LivePlan::approvedAt));
    }

    /** Live plans on an Auto Scaling group, in approval order: the ones the metrics bridge samples. */
    public synchronized List<LivePlan> withGroup() {
        return live.values().stream().filter(LivePlan::hasGroup)
                .sorted(Comparator.comparing(LivePlan::approvedAt)).toList();
    }

    public synchronized int size() {
        return live.size();
    }
}
