package dev.spotshift.audit;

import dev.spotshift.events.MigrationStage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Mutable on the way in (decoding, tests), immutable once {@link #build()} makes an {@link AuditEvent}. */
public final class EventDraft {

    private String topic = "";
    private int partition;
    private long offset = -1;
    private String planId;
    private final String eventId;
    private String causationId;
    private Instant occurredAt = Instant.EPOCH;
    private String producer = "";
    private String traceId;
    private final EventType type;
    private String summary = "";
    private MigrationStage stage;
    private Integer spotPercent;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Map<String, Double> numbers = new LinkedHashMap<>();
    private final List<Measure> measurements = new ArrayList<>();
    private final List<String> references = new ArrayList<>();

    public EventDraft(EventType type, String eventId) {
        this.type = type;
        this.eventId = eventId;
    }

    public EventDraft at(String topic, int partition, long offset) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        return this;
    }

    public EventDraft plan(String planId) { this.planId = planId; return this; }
    public EventDraft cause(String causationId) { this.causationId = causationId; return this; }
    public EventDraft occurredAt(Instant occurredAt) { this.occurredAt = occurredAt; return this; }
    public EventDraft producer(String producer) { this.producer = producer; return this; }
    public EventDraft trace(String traceId) { this.traceId = traceId; return this; }
    public EventDraft summary(String summary) { this.summary = summary; return this; }

    /** Adds to the summary written so far (what was checked about the event, after what it says). */
    public EventDraft appendSummary(String more) { this.summary = summary + more; return this; }
    public EventDraft stage(MigrationStage stage) { this.stage = stage; return this; }
    public EventDraft spot(Integer spotPercent) { this.spotPercent = spotPercent; return this; }

    public EventDraft label(String name, Object value) {
        if (value != null) {
            labels.put(name, value.toString());
        }
        return this;
    }

    public EventDraft number(String name, Number value) {
        if (value != null) {
            numbers.put(name, value.doubleValue());
        }
        return this;
    }

    public EventDraft measure(Measure m) { measurements.add(m); return this; }

    public EventDraft reference(String eventId) {
        if (eventId != null && !eventId.isBlank()) {
            references.add(eventId);
        }
        return this;
    }

    public AuditEvent build() {
        return new AuditEvent(topic, partition, offset, planId, eventId, causationId, occurredAt, producer, traceId,
                type, summary, stage, spotPercent, labels, numbers, measurements, references);
    }
}
