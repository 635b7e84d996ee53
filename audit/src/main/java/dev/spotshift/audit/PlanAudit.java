package dev.spotshift.audit;

import java.util.List;

/** One plan replayed and verified: what the log holds, in order, what it adds up to, and what is wrong with it. */
public record PlanAudit(PlanHistory history, List<AuditEvent> timeline, StatusSnapshot replayed,
                        Verification verification) {

    public static PlanAudit of(PlanHistory history) {
        List<AuditEvent> timeline = history.timeline();
        return new PlanAudit(history, timeline, ReplayedStatus.fold(history.planId(), timeline),
                Verifier.verify(history));
    }

    public boolean passed() {
        return verification.passed();
    }
}
