package dev.spotshift.schemas;

import dev.spotshift.events.EventEnvelope;
import java.time.Clock;
import java.util.UUID;

/** Builds the envelope every event carries. */
public final class Envelopes {

    private Envelopes() {}

    /** An envelope for an event that answers {@code causationId} (null only for a submission or outside observation). */
    public static EventEnvelope next(String planId, String producer, String causationId, Clock clock) {
        return EventEnvelope.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setPlanId(planId)
                .setOccurredAt(clock.instant())
                .setProducer(producer)
                .setCausationId(causationId)
                .setTraceparent(null)
                .build();
    }

    /** An envelope that answers another event of the same plan, carrying its trace on. */
    public static EventEnvelope answering(EventEnvelope cause, String producer, Clock clock) {
        EventEnvelope e = next(cause.getPlanId(), producer, cause.getEventId(), clock);
        e.setTraceparent(cause.getTraceparent());
        return e;
    }
}
