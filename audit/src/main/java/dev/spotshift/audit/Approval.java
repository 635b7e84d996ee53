package dev.spotshift.audit;

import dev.spotshift.audit.Finding.Rule;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A cloud action must stand on an APPROVED MigrationDecision up its causation chain. A chain that
 * starts outside Spotshift (a metric sample that breached, EC2's interruption notice, an operator)
 * cannot pass through the decision; such an action stands on the plan's approval in force when it
 * happened: an APPROVED decision earlier in the timeline.
 */
final class Approval {

    private Approval() {}

    static Optional<Finding> check(String planId, AuditEvent action, Map<String, AuditEvent> byId,
                                   List<AuditEvent> timeline) {
        Set<String> seen = new HashSet<>();
        AuditEvent e = action;
        while (e.hasCause() && seen.add(e.eventId())) {
            AuditEvent cause = byId.get(e.causationId());
            if (cause == null) {
                return missing(planId, action, "its causation chain breaks at " + e.causationId()
                        + ", which is not among the plan's events");
            }
            if (cause.type() == EventType.MIGRATION_DECISION) {
                return "APPROVED".equals(cause.label("outcome")) ? Optional.empty()
                        : missing(planId, action, "the decision upstream, " + cause.eventId() + ", is "
                        + cause.label("outcome"));
            }
            e = cause;
        }
        if (e.type().origin() == EventType.Origin.OUTSIDE && approvedBefore(action, timeline)) {
            return Optional.empty();
        }
        return missing(planId, action, "its causation chain ends at " + Verifier.describe(e)
                + " without passing an APPROVED MigrationDecision");
    }

    private static boolean approvedBefore(AuditEvent action, List<AuditEvent> timeline) {
        for (AuditEvent e : timeline) {
            if (e == action) {
                return false;
            }
            if (e.type() == EventType.MIGRATION_DECISION && "APPROVED".equals(e.label("outcome"))) {
                return true;
            }
        }
        return false;
    }

    private static Optional<Finding> missing(String planId, AuditEvent action, String why) {
        return Optional.of(new Finding(Rule.NOT_APPROVED, planId, action.eventId(),
                "cloud action " + Verifier.describe(action) + " has no approved decision upstream: " + why));
    }
}
