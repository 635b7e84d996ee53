package dev.spotshift.monitor.domain;

/**
 * A window the monitor owes one verdict on: a rollout step's gate, or (with {@code criteria}) the plan's validation
 * period, judged against its success criteria.
 */
public record OpenGate(int stepIndex, long windowStartMillis, long gateDueAtMillis, String stepStartedEventId,
                       PeriodCriteria criteria) {

    /** A step's gate. */
    public OpenGate(int stepIndex, long windowStartMillis, long gateDueAtMillis, String stepStartedEventId) {
        this(stepIndex, windowStartMillis, gateDueAtMillis, stepStartedEventId, null);
    }

    /** The validation period after the last step: stepIndex -1, judged against {@code criteria}. */
    public static OpenGate validationPeriod(long startMillis, long endsAtMillis, String announcedEventId,
                                            PeriodCriteria criteria) {
        return new OpenGate(-1, startMillis, endsAtMillis, announcedEventId, criteria);
    }

    public boolean validationPeriod() {
        return criteria != null;
    }

    /** Due once the window has ended and the grace for samples still in flight has passed. */
    public boolean dueAt(long nowMillis, long graceMillis) {
        return nowMillis >= gateDueAtMillis + graceMillis;
    }
}
