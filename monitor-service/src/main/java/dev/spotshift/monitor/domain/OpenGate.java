package dev.spotshift.monitor.domain;

/**
 * A window the monitor owes one verdict on: a rollout step's gate, (with {@code criteria}) the plan's validation
 * period, judged against its success criteria, or (with {@code shadow}) the plan's shadow run, judged against its
 * shadow criteria over the sums of its shadow samples.
 */
public record OpenGate(int stepIndex, long windowStartMillis, long gateDueAtMillis, String stepStartedEventId,
                       PeriodCriteria criteria, ShadowTotals shadow) {

    /** A step's gate. */
    public OpenGate(int stepIndex, long windowStartMillis, long gateDueAtMillis, String stepStartedEventId) {
        this(stepIndex, windowStartMillis, gateDueAtMillis, stepStartedEventId, null, null);
    }

    /** The validation period after the last step: stepIndex -1, judged against {@code criteria}. */
    public static OpenGate validationPeriod(long startMillis, long endsAtMillis, String announcedEventId,
                                            PeriodCriteria criteria) {
        return new OpenGate(-1, startMillis, endsAtMillis, announcedEventId, criteria, null);
    }

    /** The shadow run: stepIndex -1, its shadow samples summed as they come, judged once when it ends. */
    public static OpenGate shadowPhase(long startMillis, long endsAtMillis, String announcedEventId) {
        return new OpenGate(-1, startMillis, endsAtMillis, announcedEventId, null, ShadowTotals.EMPTY);
    }

    public boolean validationPeriod() {
        return criteria != null;
    }

    public boolean shadowPhase() {
        return shadow != null;
    }

    /**
     * The shadow run's gate with one more shadow sample counted: only one inside the run's window and later than the
     * last counted (a plan's samples come in time order, so an earlier or equal one is a redelivery).
     */
    public OpenGate counting(Sample shadowSample, int mismatches) {
        if (!shadowPhase() || shadowSample.atMillis() < windowStartMillis || shadowSample.atMillis() > gateDueAtMillis
                || shadowSample.atMillis() <= shadow.lastSampleAtMillis()) {
            return this;
        }
        return new OpenGate(stepIndex, windowStartMillis, gateDueAtMillis, stepStartedEventId, criteria,
                shadow.plus(shadowSample, mismatches));
    }

    /** Due once the window has ended and the grace for samples still in flight has passed. */
    public boolean dueAt(long nowMillis, long graceMillis) {
        return nowMillis >= gateDueAtMillis + graceMillis;
    }
}
