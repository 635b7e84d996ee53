package dev.spotshift.schemas.plan;

import dev.spotshift.events.MigrationPlan;
import java.util.List;

/**
 * A plan file read: one {@link MigrationPlan} per workload when it is valid, the located errors
 * otherwise (never both). {@code documentId} is the file's own {@code id:} (an idempotency key).
 * {@code errors} holds at most the first {@value Problems#CAP}; {@code omittedErrors} counts the rest.
 */
public record ParsedPlans(String documentId, String planName, List<MigrationPlan> plans, List<PlanError> errors,
                          int omittedErrors) {

    public ParsedPlans(String documentId, String planName, List<MigrationPlan> plans, List<PlanError> errors) {
        this(documentId, planName, plans, errors, 0);
    }

    static ParsedPlans refused(PlanError error) {
        return new ParsedPlans(null, null, List.of(), List.of(error), 0);
    }

    public boolean valid() {
        return errors.isEmpty() && omittedErrors == 0;
    }

    /** Every error found, reported or only counted. */
    public int errorCount() {
        return errors.size() + omittedErrors;
    }
}
