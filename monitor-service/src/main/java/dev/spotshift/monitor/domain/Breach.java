package dev.spotshift.monitor.domain;

import java.util.List;

/** A rule found a threshold breached: what the rollback command will carry. */
public record Breach(
        Trigger trigger,
        Level level,
        long windowStartMillis,
        long windowEndMillis,
        List<Check> checks,
        String breachingSampleId,
        String reason) {

    public enum Trigger { ERROR_RATE, JOB_FAILURE, DATA_INCONSISTENCY, PERFORMANCE_DEGRADATION, COST_EFFICIENCY, BUDGET_CAP }

    /** STEP: back one rollout step and hold. FULL: everything on-demand, the plan ends. HOLD: hold where it is. */
    public enum Level { STEP, FULL, HOLD }

    /** The executor acts once per commandId (contract: planId:trigger:windowStart). */
    public String commandId(String planId) {
        return planId + ":" + trigger + ":" + windowStartMillis;
    }
}
