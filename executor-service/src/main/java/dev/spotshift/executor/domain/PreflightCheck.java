package dev.spotshift.executor.domain;

/** One recorded pre-flight check (seed 000: backup, state persistence, monitoring, on-demand capacity, failback). */
public record PreflightCheck(String check, boolean passed, String detail) {

    public static final String BACKUP_TARGET_WRITABLE = "backup_target_writable";
    public static final String STATE_PERSISTENCE_READY = "state_persistence_ready";
    public static final String MONITORING_ACTIVE = "monitoring_active";
    public static final String ON_DEMAND_CAPACITY_AVAILABLE = "ondemand_capacity_available";
    public static final String FAILBACK_READY = "failback_ready";
    public static final String ROLLOUT_PLAN_VALID = "rollout_plan_valid";

    public static PreflightCheck passed(String check, String detail) {
        return new PreflightCheck(check, true, detail);
    }

    public static PreflightCheck failed(String check, String detail) {
        return new PreflightCheck(check, false, detail);
    }
}
