package dev.spotshift.audit;

import dev.spotshift.audit.Finding.Rule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The audit's promise made checkable: every effect names a cause that is in the record, every
 * cloud action stands on an approved decision, every rollback on evidence, the monitor's status
 * agrees with the events, and a trace follows each chain of answers.
 */
public final class Verifier {

    private Verifier() {}

    public static Verification verify(PlanHistory history) {
        List<Finding> findings = new ArrayList<>();
        String planId = history.planId();
        List<AuditEvent> timeline = history.timeline();
        if (timeline.isEmpty()) {
            findings.add(new Finding(Rule.NO_EVENTS, planId, null, "no events for plan " + planId + " in the log"
                    + (history.bounded() ? " within the given time bounds" : "")));
        }
        Map<String, AuditEvent> byId = new HashMap<>();
        timeline.forEach(e -> byId.put(e.eventId(), e));
        String planTrace = timeline.stream().filter(e -> e.type().origin() == EventType.Origin.SUBMISSION)
                .map(AuditEvent::traceId).filter(Objects::nonNull).findFirst().orElse(null);
        for (AuditEvent e : timeline) {
            causes(planId, e, byId, findings);
            if (e.type().cloudAction()) {
                Approval.check(planId, e, byId, timeline).ifPresent(findings::add);
            }
            if (e.type() == EventType.ROLLED_BACK) {
                RollbackEvidence.check(planId, e, byId).ifPresent(findings::add);
            }
            trace(planId, planTrace, e, byId, findings);
            for (String ref : e.references()) {
                if (!byId.containsKey(ref)) {
                    findings.add(new Finding(Rule.DANGLING_REFERENCE, planId, e.eventId(),
                            describe(e) + " refers to " + ref + ", which is not among the plan's events"));
                }
            }
        }
        findings.addAll(cycles(planId, timeline, byId));
        if (!timeline.isEmpty()) {
            StatusCheck.check(history, ReplayedStatus.fold(planId, timeline)).ifPresent(findings::add);
        }
        for (ReadProblem p : history.problems()) {
            findings.add(new Finding(Rule.UNDECODABLE_RECORD, planId, null, "could not decode " + p));
        }
        return new Verification(planId, findings);
    }

    private static void causes(String planId, AuditEvent e, Map<String, AuditEvent> byId, List<Finding> findings) {
        if (!e.hasCause()) {
            if (e.type().causeRequired()) {
                findings.add(new Finding(Rule.MISSING_CAUSE, planId, e.eventId(), describe(e)
                        + " names no cause; only a submission or an outside observation may"));
            }
            return;
        }
        if (!byId.containsKey(e.causationId())) {
            findings.add(new Finding(Rule.DANGLING_CAUSE, planId, e.eventId(), describe(e) + " names cause "
                    + e.causationId() + ", which is not among the plan's events"));
        }
    }

    /**
     * An answer stays on its cause's trace. When the cause was observed outside Spotshift (a metric sample, EC2's
     * notice, a person) it started a trace of its own; the services answer it on the plan's trace instead, so that
     * one trace spans the migration, and either trace is accepted.
     */
    private static void trace(String planId, String planTrace, AuditEvent e, Map<String, AuditEvent> byId,
                              List<Finding> findings) {
        AuditEvent cause = e.hasCause() ? byId.get(e.causationId()) : null;
        boolean expected = e.type().origin() != EventType.Origin.OUTSIDE || cause != null;
        if (e.traceId() == null) {
            if (expected) {
                findings.add(new Finding(Rule.TRACE_MISSING, planId, e.eventId(), describe(e) + " carries no trace"));
            }
            return;
        }
        boolean onPlanTraceAfterOutsideCause = cause != null && cause.type().origin() == EventType.Origin.OUTSIDE
                && Objects.equals(planTrace, e.traceId());
        if (cause != null && cause.traceId() != null && !Objects.equals(cause.traceId(), e.traceId())
                && !onPlanTraceAfterOutsideCause) {
            findings.add(new Finding(Rule.TRACE_BROKEN, planId, e.eventId(), describe(e) + " is on trace " + e.traceId()
                    + " but answers " + describe(cause) + " on trace " + cause.traceId()));
        }
    }

    /** A cycle would make "the cause" meaningless; each one is reported once, at its first event in time. */
    private static List<Finding> cycles(String planId, List<AuditEvent> timeline, Map<String, AuditEvent> byId) {
        List<Finding> out = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        for (AuditEvent start : timeline) {
            Set<String> seen = new HashSet<>();
            AuditEvent e = start;
            while (e != null && seen.add(e.eventId())) {
                e = e.hasCause() ? byId.get(e.causationId()) : null;
            }
            if (e != null && e.eventId().equals(start.eventId()) && reported.add(start.eventId())) {
                reported.addAll(seen);
                out.add(new Finding(Rule.CAUSE_CYCLE, planId, start.eventId(),
                        describe(start) + " is its own cause through " + (seen.size() - 1) + " other event(s)"));
            }
        }
        return out;
    }

    static String describe(AuditEvent e) {
        return e.type().eventName() + " " + e.eventId() + (e.topic().isEmpty() ? ""
                : " (" + e.topic() + "/" + e.partition() + "@" + e.offset() + ")");
    }
}
