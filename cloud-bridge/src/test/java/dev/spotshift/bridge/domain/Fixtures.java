package dev.spotshift.bridge.domain;

import dev.spotshift.cloud.CapacityManager;
import dev.spotshift.cloud.InstanceInfo;
import dev.spotshift.cloud.InterruptionNotice;
import dev.spotshift.cloud.Lifecycle;
import dev.spotshift.cloud.NoticeKind;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** Typed builders for the domain tests. */
final class Fixtures {

    static final String REGION = "us-east-1";
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private Fixtures() {
    }

    static LivePlan groupPlan(String planId, String group, Instant approvedAt) {
        return new LivePlan(planId, REGION, group, Set.of(), approvedAt, "decision-" + planId, null);
    }

    static LivePlan instancePlan(String planId, String... instanceIds) {
        return new LivePlan(planId, REGION, null, Set.of(instanceIds), T0, "decision-" + planId, null);
    }

    static InstanceInfo inGroup(String id, String group, Lifecycle lifecycle) {
        return new InstanceInfo(id, "m5.large", "us-east-1a", lifecycle, "running",
                Map.of("aws:autoscaling:groupName", group), T0);
    }

    static InstanceInfo replacement(String id, String planId) {
        return new InstanceInfo(id, "m5a.large", "us-east-1b", Lifecycle.SPOT, "running",
                Map.of(CapacityManager.OWNER_TAG, planId), T0);
    }

    static InstanceInfo untagged(String id) {
        return new InstanceInfo(id, "m5.large", "us-east-1c", Lifecycle.ON_DEMAND, "running", Map.of(), T0);
    }

    static InterruptionNotice warning(String eventId, String instanceId) {
        return new InterruptionNotice(eventId, instanceId, NoticeKind.INTERRUPTION_WARNING, REGION, T0,
                T0.plusSeconds(120), "terminate");
    }

    static InterruptionNotice rebalance(String eventId, String instanceId) {
        return new InterruptionNotice(eventId, instanceId, NoticeKind.REBALANCE_RECOMMENDATION, REGION, T0, null, null);
    }
}
