package dev.spotshift.console.domain;

import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.RolloutConfig;
import java.time.Duration;

/**
 * How long a plan may reasonably stay in a stage, from its own timings: twice what the plan asks for plus a
 * minute, so a loaded broker or a slow gate does not page anyone, while a plan that stopped moving does.
 * No budget (null) where a person decides when it ends (a manual gate, a pause) or the plan has ended.
 */
public final class StageBudget {

    static final Duration SLACK = Duration.ofMinutes(1);
    /** Pre-flight probes and a rollback's read-back wait on the cloud, bounded by the executor's own retries. */
    static final Duration CLOUD_BOUND = Duration.ofMinutes(5);

    private StageBudget() {}

    public static Duration of(String stage, MigrationPlan plan) {
        if (plan == null) {
            return switch (stage) {
                case "PREFLIGHT", "ROLLING_BACK" -> CLOUD_BOUND;
                default -> null;
            };
        }
        RolloutConfig r = plan.getRollout();
        return switch (stage) {
            case "SUBMITTED", "ASSESSED", "VOTING", "APPROVED" -> twice(plan.getApproval().getDeadlineMillis());
            case "PREFLIGHT", "ROLLING_BACK" -> CLOUD_BOUND;
            case "BASELINE" -> twice(r.getBaselineWindowMillis());
            case "SHADOW" -> twice(r.getShadowRunMillis());
            case "SHIFTING" -> twice(r.getStepsPercent().size() * (r.getStepIntervalMillis() + r.getValidationWindowMillis()));
            case "VALIDATING" -> twice(r.getValidationPeriodMillis() + r.getValidationWindowMillis());
            default -> null;
        };
    }

    private static Duration twice(long millis) {
        return Duration.ofMillis(2 * Math.max(0, millis)).plus(SLACK);
    }
}
