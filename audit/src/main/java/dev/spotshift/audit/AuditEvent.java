package dev.spotshift.audit;

import dev.spotshift.events.MigrationStage;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One event of a plan's history, decoded out of its Avro type into what an auditor reads: where it
 * sits in the log, who produced it and what it answers, a one-line summary, and the numbers it carried.
 *
 * @param stage       the stage the event puts the plan in, when the event says so (else null)
 * @param spotPercent the spot share the event reports, when it reports one (else null)
 * @param labels      the event's key words (agent, verdict, outcome, trigger, level, commandId, ...)
 * @param numbers     the event's key numbers (confidence, savingsPercent, toSpotPercent, ...)
 * @param references  eventIds this event names besides its cause (vote ids of a decision, a breaching
 *                    sample, a gate verdict), so the timeline can show them and the verifier check them
 */
public record AuditEvent(String topic, int partition, long offset,
                         String planId, String eventId, String causationId, Instant occurredAt,
                         String producer, String traceId, EventType type, String summary,
                         MigrationStage stage, Integer spotPercent,
                         Map<String, String> labels, Map<String, Double> numbers,
                         List<Measure> measurements, List<String> references) {

    public AuditEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(type, "type");
        // insertion order is the order a person reads them in
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        numbers = Collections.unmodifiableMap(new LinkedHashMap<>(numbers));
        measurements = List.copyOf(measurements);
        references = List.copyOf(references);
    }

    public String label(String name) { return labels.get(name); }

    public Double number(String name) { return numbers.get(name); }

    public boolean hasCause() { return causationId != null && !causationId.isBlank(); }
}
