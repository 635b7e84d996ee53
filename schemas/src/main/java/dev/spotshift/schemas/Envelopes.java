package dev.spotshift.schemas;

import dev.spotshift.events.AgentVote;
import dev.spotshift.events.AssessmentEvent;
import dev.spotshift.events.CloudCommand;
import dev.spotshift.events.CloudOutcome;
import dev.spotshift.events.EventEnvelope;
import dev.spotshift.events.GateVerdict;
import dev.spotshift.events.KillSwitch;
import dev.spotshift.events.MetricSample;
import dev.spotshift.events.MigrationDecision;
import dev.spotshift.events.MigrationPlanSubmitted;
import dev.spotshift.events.OperatorCommand;
import dev.spotshift.events.ReviewSignal;
import dev.spotshift.events.RollbackCommand;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.SpotInterruptionWarning;
import dev.spotshift.events.WorkloadCommand;
import dev.spotshift.events.WorkloadReport;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/** Builds the envelope every event carries. */
public final class Envelopes {

    private Envelopes() {}

    /**
     * The envelope of any event of the contract, through its typed getter (empty for a record that has none: a
     * dead letter, a status, anything else). EnvelopesTest holds it to every catalog type with an envelope field.
     */
    public static Optional<EventEnvelope> of(Object event) {
        EventEnvelope e = null;
        if (event instanceof MigrationPlanSubmitted x) e = x.getEnvelope();
        else if (event instanceof AssessmentEvent x) e = x.getEnvelope();
        else if (event instanceof AgentVote x) e = x.getEnvelope();
        else if (event instanceof MigrationDecision x) e = x.getEnvelope();
        else if (event instanceof RolloutEvent x) e = x.getEnvelope();
        else if (event instanceof MetricSample x) e = x.getEnvelope();
        else if (event instanceof RollbackCommand x) e = x.getEnvelope();
        else if (event instanceof GateVerdict x) e = x.getEnvelope();
        else if (event instanceof SpotInterruptionWarning x) e = x.getEnvelope();
        else if (event instanceof OperatorCommand x) e = x.getEnvelope();
        else if (event instanceof KillSwitch x) e = x.getEnvelope();
        else if (event instanceof WorkloadCommand x) e = x.getEnvelope();
        else if (event instanceof WorkloadReport x) e = x.getEnvelope();
        else if (event instanceof CloudCommand x) e = x.getEnvelope();
        else if (event instanceof CloudOutcome x) e = x.getEnvelope();
        else if (event instanceof ReviewSignal x) e = x.getEnvelope();
        return Optional.ofNullable(e);
    }

    /** An envelope for an event that answers {@code causationId} (null only for a submission or outside observation). */
    public static EventEnvelope next(String planId, String producer, String causationId, Clock clock) {
        return EventEnvelope.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setPlanId(planId)
                .setOccurredAt(clock.instant())
                .setProducer(producer)
                .setCausationId(causationId)
                .setTraceparent(newTraceparent())
                .build();
    }

    /**
     * A new W3C trace context ({@code 00-<trace-id>-<span-id>-01}) for the start of a chain; answers
     * built with {@link #answering} keep the trace id so one trace spans a whole migration.
     */
    public static String newTraceparent() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        return String.format("00-%016x%016x-%016x-01", r.nextLong(), r.nextLong(), r.nextLong() | 1L);
    }

    /** The trace id (32 hex digits) of a traceparent, or null when it is absent or malformed. */
    public static String traceId(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        String[] parts = traceparent.split("-");
        return parts.length == 4 && parts[1].length() == 32 ? parts[1] : null;
    }

    /** Same trace id, new span id: the child span of the event being answered. */
    static String childOf(String traceparent) {
        String traceId = traceId(traceparent);
        if (traceId == null) {
            return newTraceparent();
        }
        long span = java.util.concurrent.ThreadLocalRandom.current().nextLong() | 1L;
        return String.format("00-%s-%016x-01", traceId, span);
    }

    /**
     * Like {@link #next}, but inside the trace of {@code traceparent} rather than a new one: for an event
     * whose trace comes from somewhere other than its cause (an HTTP request's {@code traceparent}
     * header, or the plan's trace when the cause is an outside observation such as a metric sample).
     * An absent or malformed traceparent starts a new trace, so a bad header cannot poison the chain.
     */
    public static EventEnvelope inTrace(String traceparent, String planId, String producer, String causationId,
                                        Clock clock) {
        EventEnvelope e = next(planId, producer, causationId, clock);
        if (isValid(traceparent)) {
            e.setTraceparent(childOf(traceparent));
        }
        return e;
    }

    private static boolean isValid(String traceparent) {
        String traceId = traceId(traceparent);
        return traceId != null && traceId.matches("[0-9a-f]{32}") && !traceId.matches("0{32}");
    }

    /** An envelope that answers another event of the same plan, carrying its trace on. */
    public static EventEnvelope answering(EventEnvelope cause, String producer, Clock clock) {
        EventEnvelope e = next(cause.getPlanId(), producer, cause.getEventId(), clock);
        e.setTraceparent(childOf(cause.getTraceparent()));
        return e;
    }
}
