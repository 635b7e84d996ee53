package dev.spotshift.executor.domain;

/** Why capacity went back to on-demand; mirrors the contract's {@code RollbackTrigger}. */
public enum RollbackTrigger {
    ERROR_RATE, JOB_FAILURE, DATA_INCONSISTENCY, PERFORMANCE_DEGRADATION, COST_EFFICIENCY, GATE_FAILED,
    INTERRUPTION_STORM, NOTICE_DEADLINE_MISSED, OPERATOR, KILL_SWITCH, UNKNOWN_TRIGGER, BUDGET_CAP,
    /** No spot capacity in the plan's region for a step's share (the cloud refused it): on-demand there, and a failover. */
    CAPACITY_SHORTAGE
}
