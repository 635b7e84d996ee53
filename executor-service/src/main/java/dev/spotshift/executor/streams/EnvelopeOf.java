package dev.spotshift.executor.streams;

import dev.spotshift.events.EventEnvelope;
import org.apache.avro.specific.SpecificRecord;

/** Every contract event has its envelope as field "envelope"; read it without knowing the type. */
final class EnvelopeOf {

    private EnvelopeOf() {}

    static String traceparent(SpecificRecord event) {
        int field = event.getSchema().getField("envelope") == null ? -1 : event.getSchema().getField("envelope").pos();
        return field >= 0 && event.get(field) instanceof EventEnvelope e ? e.getTraceparent() : null;
    }

    static String eventId(SpecificRecord event) {
        int field = event.getSchema().getField("envelope") == null ? -1 : event.getSchema().getField("envelope").pos();
        return field >= 0 && event.get(field) instanceof EventEnvelope e ? e.getEventId() : null;
    }
}
