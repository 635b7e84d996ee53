package dev.spotshift.audit;

/** One thing the verifier found wrong with a plan's history, naming the event it is about. */
public record Finding(Rule rule, String planId, String eventId, String message) {

    public enum Severity { ERROR, WARNING }

    public enum Rule {
        NO_EVENTS(Severity.ERROR),
        MISSING_CAUSE(Severity.ERROR),
        DANGLING_CAUSE(Severity.ERROR),
        CAUSE_CYCLE(Severity.ERROR),
        NOT_APPROVED(Severity.ERROR),
        ROLLBACK_WITHOUT_EVIDENCE(Severity.ERROR),
        STATUS_MISMATCH(Severity.ERROR),
        STATUS_MISSING(Severity.ERROR),
        TRACE_BROKEN(Severity.ERROR),
        TRACE_MISSING(Severity.ERROR),
        /** A vote, gate verdict or breaching sample named but not found (metrics expire after 7 days). */
        DANGLING_REFERENCE(Severity.WARNING),
        UNDECODABLE_RECORD(Severity.WARNING);

        private final Severity severity;

        Rule(Severity severity) { this.severity = severity; }

        public Severity severity() { return severity; }
    }

    public boolean isError() { return rule.severity() == Severity.ERROR; }

    @Override
    public String toString() {
        return rule.severity() + " " + rule + (eventId == null ? "" : " [" + eventId + "]") + ": " + message;
    }
}
