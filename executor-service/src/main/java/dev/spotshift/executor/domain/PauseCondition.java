package dev.spotshift.executor.domain;

import java.time.Instant;

/**
 * Why a plan holds, since when (Argo's pause conditions). A plan resumes only when none is left;
 * an operator's RESUME clears all but {@link Reason#KILL_SWITCH}, which only a released switch clears.
 */
public record PauseCondition(Reason reason, String message, Instant startedAt) {

    public enum Reason {
        OPERATOR, GATE_FAILED, GATE_VERDICT_MISSING, ROLLBACK_HOLD, KILL_SWITCH, STEPS_CHANGED, NO_BASELINE,
        /** Every pool of the plan stormed: on-demand until the market is healthy for the plan's hold-down. */
        INTERRUPTION_STORM,
        /** The plan's spend crossed its cap: held where it is until an operator resumes (or raises the cap). */
        BUDGET_CAP,
        /** The monitor stepped back for the spot price: held until the price is back under the cap for the hold-down. */
        PRICE_SPIKE,
        /**
         * Not a hold of its own: the reason code of the events announcing a failover to the backup region (and its
         * end), published while the storm hold stands.
         */
        FAILOVER,
        /**
         * A step toward spot found no spot capacity in any pool of the primary: on-demand there until its spot
         * capacity has read back for the plan's hold-down (held like a storm, recorded as the shortage it was).
         */
        CAPACITY_SHORTAGE
    }

    /** The holds {@link Recovery} ends by itself once the primary's spot market (or capacity) is back. */
    static boolean spotFallback(Reason reason) {
        return reason == Reason.INTERRUPTION_STORM || reason == Reason.CAPACITY_SHORTAGE;
    }
}
