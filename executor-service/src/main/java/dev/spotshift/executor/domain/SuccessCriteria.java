package dev.spotshift.executor.domain;

/**
 * What the plan's validation period must show before the plan is COMPLETED (seed 001: job completion >= 99.9 %,
 * processing time <= baseline + 10 %, cost savings >= 50 %). The monitor measures them; the executor carries them to
 * it in {@code ValidationPeriodStarted} and decides with {@link #onMissed} when its verdict says they did not hold.
 */
public record SuccessCriteria(double minJobCompletionRatePercent, double maxProcessingTimeIncreasePercent,
                              double minCostSavingsPercent, OnMissed onMissed) {

    /** ROLLBACK: everything back to on-demand. KEEP: the capacity stays as it is and the plan ends CRITERIA_MISSED. */
    public enum OnMissed { ROLLBACK, KEEP }

    public SuccessCriteria {
        onMissed = onMissed == null ? OnMissed.ROLLBACK : onMissed;
    }

    /** The contract's defaults (seed 001), for a plan (or a state stored) without criteria. */
    public static SuccessCriteria defaults() {
        return new SuccessCriteria(99.9, 10.0, 50.0, OnMissed.ROLLBACK);
    }
}
