package dev.spotshift.schemas;

/**
 * Names of the counters every service keeps for the events it reads and writes, tagged with the
 * catalog's topic name and the event (or payload) type, so one dashboard query covers all services:
 * {@code sum by (topic, type) (rate(spotshift_events_in_total[5m]))}.
 */
public final class EventMeters {

    /** Events a service took off a topic (tags {@value #TOPIC}, {@value #TYPE}). */
    public static final String IN = "spotshift.events.in";
    /** Events a service wrote to a topic (tags {@value #TOPIC}, {@value #TYPE}). */
    public static final String OUT = "spotshift.events.out";
    public static final String TOPIC = "topic";
    public static final String TYPE = "type";

    private EventMeters() {}
}
