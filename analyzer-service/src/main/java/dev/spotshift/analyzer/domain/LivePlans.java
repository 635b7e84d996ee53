package dev.spotshift.analyzer.domain;

import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.PlanRejected;
import dev.spotshift.events.Reason;
import dev.spotshift.events.RejectionStage;
import dev.spotshift.events.Workload;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which capacity live plans drive, so that two plans never shift the same Auto Scaling group or
 * instance at once. A plan is live from the analyzer's own acceptance (an OpportunityAssessed) until
 * its latest migration-status is terminal.
 *
 * <p>Acceptances and statuses come from two topics read side by side, so a plan's status may be seen
 * before its acceptance: the two facts are kept apart and only combined when asked. Both only grow
 * (a plan id and its target are tens of bytes), like the topics they are read from.
 */
public final class LivePlans {

    /** Terminal per the MigrationStage contract: nothing will move the plan's capacity again. */
    static final Set<MigrationStage> TERMINAL = EnumSet.of(MigrationStage.REJECTED, MigrationStage.DECLINED,
            MigrationStage.PREFLIGHT_FAILED, MigrationStage.ROLLED_BACK, MigrationStage.COMPLETED, MigrationStage.CRITERIA_MISSED,
            MigrationStage.ABORTED, MigrationStage.FAILED);

    /** What a plan drives: a group, or instance ids, in a region. */
    public record Target(String region, String groupName, Set<String> instanceIds) {

        public static Target of(MigrationPlan plan) {
            Workload w = plan.getWorkload();
            String group = w.getAutoScalingGroupName() == null || w.getAutoScalingGroupName().isBlank()
                    ? null : w.getAutoScalingGroupName();
            return new Target(w.getRegion(), group, Set.copyOf(w.getInstanceIds()));
        }
    }

    /** A live plan that already drives part of what a new plan names. */
    public record Holder(String planId, Target target, String groupName, Set<String> instanceIds) {

        public boolean onGroup() {
            return groupName != null;
        }
    }

    private final Map<String, Target> accepted = new LinkedHashMap<>();
    private final Set<String> ended = new HashSet<>();

    /** The analyzer accepted the plan (its OpportunityAssessed is on the log). */
    public synchronized void accepted(String planId, MigrationPlan plan) {
        accepted.put(planId, Target.of(plan));
    }

    /** The plan's latest status; the latest one decides, so a plan brought back from a terminal stage is live again. */
    public synchronized void status(String planId, MigrationStage stage) {
        if (TERMINAL.contains(stage)) {
            ended.add(planId);
        } else {
            ended.remove(planId);
        }
    }

    public synchronized boolean isLive(String planId) {
        return accepted.containsKey(planId) && !ended.contains(planId);
    }

    /**
     * The first live plan, other than {@code planId} itself (a replay of the same plan is not a rival),
     * that drives the group or one of the instances the plan names.
     */
    public synchronized Optional<Holder> holder(String planId, MigrationPlan plan) {
        Target wanted = Target.of(plan);
        for (Map.Entry<String, Target> e : accepted.entrySet()) {
            if (e.getKey().equals(planId) || ended.contains(e.getKey())) {
                continue;
            }
            Target live = e.getValue();
            if (!live.region().equals(wanted.region())) {
                continue;
            }
            String group = wanted.groupName() != null && wanted.groupName().equals(live.groupName()) ? live.groupName() : null;
            Set<String> shared = new TreeSet<>(wanted.instanceIds());
            shared.retainAll(live.instanceIds());
            if (group != null || !shared.isEmpty()) {
                return Optional.of(new Holder(e.getKey(), live, group, shared));
            }
        }
        return Optional.empty();
    }

    /** The rejection for a plan that names capacity a live plan drives, naming that plan. */
    public Optional<Assessment> rejection(String planId, MigrationPlan plan) {
        return holder(planId, plan).map(h -> new Assessment.Rejection(PlanRejected.newBuilder()
                .setPlanName(plan.getName())
                .setStage(RejectionStage.DUPLICATE)
                .setReasons(List.of(reason(h)))
                .build()));
    }

    /** One sentence an operator can act on; the live plan's id is the part they need. */
    public static String describe(Holder h) {
        return h.onGroup()
                ? "Auto Scaling group " + h.groupName() + " in " + h.target().region() + " is driven by live plan " + h.planId()
                        + "; wait until it ends (or abort it) before submitting another plan for this group"
                : "instances " + String.join(", ", h.instanceIds()) + " in " + h.target().region() + " are driven by live plan "
                        + h.planId() + "; wait until it ends (or abort it) before submitting another plan for them";
    }

    private static Reason reason(Holder h) {
        return Reason.newBuilder()
                .setCode(h.onGroup() ? "GROUP_HAS_LIVE_PLAN" : "INSTANCES_HAVE_LIVE_PLAN")
                .setMessage(describe(h))
                .setLocation(h.onGroup() ? "workload.autoScalingGroupName" : "workload.instanceIds")
                .build();
    }
}
