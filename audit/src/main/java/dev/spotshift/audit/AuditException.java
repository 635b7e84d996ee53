package dev.spotshift.audit;

/** The replay could not be done at all (no cluster, no topic); a finding is not an exception. */
public class AuditException extends RuntimeException {

    public AuditException(String message) {
        super(message);
    }

    public AuditException(String message, Throwable cause) {
        super(message, cause);
    }
}
