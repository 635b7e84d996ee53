package dev.spotshift.executor.domain;

import java.time.Instant;

/** Who aborted the plan, when and why (kept in the state so the audit trail does not depend on logs). */
public record Abort(Instant abortedAt, String by, String reason) {
}
