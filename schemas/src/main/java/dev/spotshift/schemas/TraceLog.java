package dev.spotshift.schemas;

import dev.spotshift.events.EventEnvelope;
import org.slf4j.MDC;

/**
 * Puts the trace id of the event being handled into the logging MDC (key {@value #KEY}, the key
 * OpenTelemetry uses too), so every log line of that handling, JSON or text, can be found by the
 * plan's trace. SLF4J's MDC: Quarkus routes it to its own, and plain JVMs get it from kafka-clients.
 */
public final class TraceLog {

    public static final String KEY = "traceId";

    /** Ends the handling: restores what the MDC held before (an OpenTelemetry span's id, or nothing). */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private TraceLog() {}

    public static Scope of(EventEnvelope envelope) {
        return of(envelope == null ? null : envelope.getTraceparent());
    }

    public static Scope of(String traceparent) {
        String before = MDC.get(KEY);
        String traceId = Envelopes.traceId(traceparent);
        if (traceId == null) {
            return () -> { };
        }
        MDC.put(KEY, traceId);
        return () -> {
            if (before == null) {
                MDC.remove(KEY);
            } else {
                MDC.put(KEY, before);
            }
        };
    }
}
