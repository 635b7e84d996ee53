package dev.spotshift.bridge.domain;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A plan the executor may be acting on: approved and not yet terminal. {@code groupName} is null for a plan over
 * single instances; {@code traceparent} is the decision's, so what the bridge observes stays on the plan's trace;
 * {@code checkpointLocation} (null when the plan has none) is where its workload leaves a shadow run's mismatch records
 * ({@code ShadowMismatchLog}).
 */
public record LivePlan(String planId, String region, String groupName, Set<String> instanceIds, Instant approvedAt,
                       String approvalEventId, String traceparent, URI checkpointLocation) {

    /** A plan without a checkpoint location. */
    public LivePlan(String planId, String region, String groupName, Set<String> instanceIds, Instant approvedAt,
                    String approvalEventId, String traceparent) {
        this(planId, region, groupName, instanceIds, approvedAt, approvalEventId, traceparent, null);
    }

    public LivePlan {
        Objects.requireNonNull(planId, "planId");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(approvedAt, "approvedAt");
        instanceIds = instanceIds == null ? Set.of() : Set.copyOf(instanceIds);
        if (groupName != null && groupName.isBlank()) {
            groupName = null;
        }
    }

    public boolean hasGroup() {
        return groupName != null;
    }
}
