package dev.spotshift.executor.domain;

/**
 * One step of seed 000's rollback procedure (pause_spot_fleet immediate, activate_ondemand within 30 s,
 * verify_stability within 2 min, restore_state within 5 min) as it went: how long it took, counted from the
 * rollback's order for the first and from the start of the way back for the others (the seed's bounds are
 * deadlines from the rollback, not durations of their own), against the seed's bound.
 */
public record ProcedureStep(String step, long durationMillis, long boundMillis, String detail) {

    public static final String PAUSE_SPOT_FLEET = "pause_spot_fleet";
    public static final String ACTIVATE_ONDEMAND = "activate_ondemand";
    public static final String VERIFY_STABILITY = "verify_stability";
    public static final String RESTORE_STATE = "restore_state";

    /** "immediate": the way back is asked for in the transition that takes the order; 5 s allows for its delivery. */
    public static final long IMMEDIATE_MILLIS = 5_000;
    public static final long ONDEMAND_MILLIS = 30_000;
    public static final long STABILITY_MILLIS = 120_000;
    public static final long RESTORE_MILLIS = 300_000;

    public boolean withinBound() {
        return durationMillis <= boundMillis;
    }
}
