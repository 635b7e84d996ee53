package dev.spotshift.bridge.domain;

import dev.spotshift.cloud.CapacityManager;
import dev.spotshift.cloud.InstanceInfo;
import dev.spotshift.cloud.InterruptionNotice;
import dev.spotshift.cloud.NoticeKind;
import java.util.Optional;

/**
 * Which plan an EC2 notice belongs to, and the warning the plan's executor gets. An instance is a plan's when it
 * carries the plan's ownership tag (a replacement the executor launched), when it is in the Auto Scaling group of
 * a live plan (the tag Auto Scaling puts on its instances), or when a live plan over single instances lists it.
 */
public final class NoticeRouting {

    /** The tag Auto Scaling puts on every instance it launches into a group. */
    public static final String GROUP_TAG = "aws:autoscaling:groupName";

    public sealed interface Route permits Bridge, Unowned {
    }

    /** Publish this warning to the plan. */
    public record Bridge(LivePlan plan, Warning warning) implements Route {
    }

    /** No live plan owns the instance: nothing to tell anyone. */
    public record Unowned(String reason) implements Route {
    }

    private NoticeRouting() {
    }

    /**
     * @param region   where the instance runs (the notice's region, or the bridge's when the notice names none)
     * @param instance what EC2 says about the instance; empty when it is no longer known
     */
    public static Route route(InterruptionNotice notice, String region, Optional<InstanceInfo> instance,
                              LivePlans plans) {
        Optional<LivePlan> owner;
        String why;
        String taggedPlan = instance.map(i -> i.tags().get(CapacityManager.OWNER_TAG)).orElse(null);
        String group = instance.map(i -> i.tags().get(GROUP_TAG)).orElse(null);
        if (taggedPlan != null) {
            // A replacement belongs to the plan that launched it and to no group; its plan must still be live.
            owner = plans.plan(taggedPlan).filter(p -> region.equals(p.region()));
            why = "tagged " + CapacityManager.OWNER_TAG + "=" + taggedPlan + ", a plan that is not live in " + region;
        } else if (group != null) {
            owner = plans.ownerOfGroup(region, group);
            why = "in group " + group + " of " + region + ", which no live plan shifts";
        } else {
            owner = plans.listing(region, notice.instanceId());
            why = instance.isEmpty() ? "unknown to EC2 in " + region + " and listed by no live plan"
                    : "neither tagged by a plan nor in a group, and listed by no live plan";
        }
        if (owner.isEmpty()) {
            return new Unowned("instance " + notice.instanceId() + " is " + why);
        }
        return new Bridge(owner.get(), warning(owner.get().planId(), notice, instance));
    }

    static Warning warning(String planId, InterruptionNotice n, Optional<InstanceInfo> instance) {
        boolean warning = n.kind() == NoticeKind.INTERRUPTION_WARNING;
        // A rebalance recommendation has no deadline; the event's field then carries the notice time.
        return new Warning(planId, warning, n.instanceId(),
                instance.map(InstanceInfo::instanceType).orElse(null),
                instance.map(InstanceInfo::availabilityZone).orElse(null),
                n.action(), n.time(), n.deadline() != null ? n.deadline() : n.time(), n.eventId());
    }
}
