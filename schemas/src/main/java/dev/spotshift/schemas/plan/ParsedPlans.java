package dev.spotshift.schemas.plan;

import dev.spotshift.events.MigrationPlan;
import java.util.List;

/**
 * A plan file read: one {@link MigrationPlan} per workload when it is valid, every located error
 * otherwise (never both). {@code documentId} is the file's own {@code id:} (an idempotency key).
 */
public record ParsedPlans(String documentId, String planName, List<MigrationPlan> plans, List<PlanError> errors) {

    public boolean valid() {
        return errors.isEmpty();
    }
}
