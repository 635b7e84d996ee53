package dev.spotshift.monitor.domain;

/** A rollout step whose validation window the monitor owes a verdict on. */
public record OpenGate(int stepIndex, long windowStartMillis, long gateDueAtMillis, String stepStartedEventId) {

    /** Due once the window has ended and the grace for samples still in flight has passed. */
    public boolean dueAt(long nowMillis, long graceMillis) {
        return nowMillis >= gateDueAtMillis + graceMillis;
    }
}
