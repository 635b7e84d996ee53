package dev.spotshift.executor.domain;

/** The executor's stages; names match {@code MigrationStage} so the wiring maps them by name. */
public enum Stage {
    /** Approved, and waiting for the wave before its own to complete (expansion waves); nothing changed yet. */
    APPROVED,
    PREFLIGHT, PREFLIGHT_FAILED, BASELINE, SHADOW, SHIFTING, AWAITING_APPROVAL, VALIDATING, PAUSED,
    /** On the way back to on-demand: ends ROLLED_BACK (or ABORTED) once the group reads back on-demand. */
    ROLLING_BACK,
    ROLLED_BACK, COMPLETED, ABORTED, FAILED,
    /** The validation period ended with a success criterion missed and the plan said keep the capacity. */
    CRITERIA_MISSED;

    /** A terminal plan never changes again: every later input is recorded as ignored. */
    public boolean terminal() {
        return switch (this) {
            case PREFLIGHT_FAILED, ROLLED_BACK, COMPLETED, ABORTED, FAILED, CRITERIA_MISSED -> true;
            default -> false;
        };
    }

    /** Stages in which the workload may run on spot capacity that the executor put there. */
    public boolean shifting() {
        return this == SHIFTING || this == AWAITING_APPROVAL || this == VALIDATING;
    }
}
