package dev.spotshift.executor.domain;

import java.time.Instant;

/**
 * A scheduled re-evaluation, persisted with the plan so it survives a restart. {@code causeId} is the event
 * that set it: whatever the timer publishes answers that event. {@code stepIndex} is -1 when not about a step.
 */
public record Timer(Kind kind, Instant dueAt, String causeId, int stepIndex) {

    public enum Kind {
        MONITORING_DEADLINE, BASELINE_END, SHADOW_END, GATE_DEADLINE, NEXT_STEP, VALIDATION_END,
        /** deadline - margin of one interruption ({@code causeId} = the warning): fall back to on-demand if not done. */
        NOTICE_DEADLINE,
        /** Re-reads the market while a storm fallback holds the plan (return to spot). */
        MARKET_CHECK,
        /** Retries a failed way back to on-demand ({@code stepIndex} = the share asked for). */
        CLOUD_RETRY,
        /** A failover's deadline: the backup's gate verdict (due time + grace), or the retry of its way back to 0 %. */
        FAILOVER,
        /** The rollback procedure's bound for verifying stability (seed 000: within 2 min of the rollback). */
        STABILITY_DEADLINE,
        /** Watches a removal of shadow capacity ({@code stepIndex} = its attempt): unconfirmed by then, asked again. */
        SHADOW_REMOVAL;

        /**
         * A notice deadline belongs to an instance, not to a stage, and the market check to the storm hold; a shadow
         * removal is what follows the shadow phase's end: stage changes and holds (which clear the rollout's timers)
         * must not drop them.
         */
        public boolean survivesStageChange() {
            return this == NOTICE_DEADLINE || this == MARKET_CHECK || this == CLOUD_RETRY || this == FAILOVER
                    || this == SHADOW_REMOVAL;
        }
    }

    public boolean dueBy(Instant now) {
        return !dueAt.isAfter(now);
    }

    /** Due, and not a verdict's deadline (a step's gate, the validation period's or shadow run's criteria) held back until {@code gateDeadlinesNotBefore} (null: none held). */
    public boolean firesBy(Instant now, Instant gateDeadlinesNotBefore) {
        return dueBy(now) && !((kind == Kind.GATE_DEADLINE || kind == Kind.VALIDATION_END || kind == Kind.SHADOW_END)
                && gateDeadlinesNotBefore != null
                && now.isBefore(gateDeadlinesNotBefore));
    }
}
