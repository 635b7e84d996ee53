package dev.spotshift.audit;

import dev.spotshift.audit.Finding.Rule;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * "Why did this workload go back to on-demand?" must be answerable from the record: a rollback is
 * caused by a rollback command that carries its measurements, a failed gate with its measurements,
 * a person (operator command, kill switch), EC2's notice for the interruption triggers, the cloud's failed outcome
 * for a capacity shortage, or, for a gate whose verdict
 * never came, the step itself with no verdict for it in the record.
 */
final class RollbackEvidence {

    private static final Set<String> INTERRUPTION_TRIGGERS = Set.of("INTERRUPTION_STORM", "NOTICE_DEADLINE_MISSED");

    private RollbackEvidence() {}

    static Optional<Finding> check(String planId, AuditEvent rollback, Map<String, AuditEvent> byId) {
        AuditEvent cause = rollback.hasCause() ? byId.get(rollback.causationId()) : null;
        if (cause != null && hasEvidence(rollback, cause, byId)) {
            return Optional.empty();
        }
        String because = cause == null ? "its cause is not in the record"
                : "its cause is " + Verifier.describe(cause) + ", which carries no evidence for it";
        return Optional.of(new Finding(Rule.ROLLBACK_WITHOUT_EVIDENCE, planId, rollback.eventId(),
                Verifier.describe(rollback) + " (trigger " + rollback.label("trigger") + ") has no trigger with evidence: "
                        + because));
    }

    private static boolean hasEvidence(AuditEvent rollback, AuditEvent cause, Map<String, AuditEvent> byId) {
        return switch (cause.type()) {
            case ROLLBACK_COMMAND -> !cause.measurements().isEmpty();
            case GATE_VERDICT -> !"PASS".equals(cause.label("result")) && !cause.measurements().isEmpty();
            case OPERATOR_COMMAND, KILL_SWITCH -> true;
            case SPOT_INTERRUPTION_WARNING -> INTERRUPTION_TRIGGERS.contains(rollback.label("trigger"));
            // The cloud's own refusal: a capacity change that failed for want of spot capacity.
            case CLOUD_OUTCOME -> "CAPACITY_SHORTAGE".equals(rollback.label("trigger"))
                    && "false".equals(cause.label("succeeded")) && "INSUFFICIENT_CAPACITY".equals(cause.label("errorKind"));
            case ROLLOUT_STEP_STARTED -> "GATE_FAILED".equals(rollback.label("trigger")) && noVerdictBefore(rollback, cause, byId);
            default -> false;
        };
    }

    /**
     * A gate whose verdict never came is judged by its absence: the step back names the step itself as its cause,
     * and the record must hold no verdict for that step written before the step back (one written in time that the
     * executor did not read is exactly what this check is for).
     */
    private static boolean noVerdictBefore(AuditEvent rollback, AuditEvent step, Map<String, AuditEvent> byId) {
        return byId.values().stream().noneMatch(e -> e.type() == EventType.GATE_VERDICT
                && step.eventId().equals(e.causationId())
                && (e.occurredAt() == null || rollback.occurredAt() == null || !e.occurredAt().isAfter(rollback.occurredAt())));
    }
}
