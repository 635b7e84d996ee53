package dev.spotshift.audit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the log holds about one plan: its events (each eventId once), the latest record the
 * monitor wrote on migration-status, and the records that could not be read.
 *
 * @param bounded true when the replay was cut by a time bound, so causes or the status may lie outside it
 */
public record PlanHistory(String planId, List<AuditEvent> events, Optional<StatusSnapshot> liveStatus,
                          List<ReadProblem> problems, boolean bounded) {

    public PlanHistory {
        // a producer retry can write an event twice; consumers are idempotent on eventId, so is the audit
        Map<String, AuditEvent> unique = new LinkedHashMap<>();
        events.forEach(e -> unique.putIfAbsent(e.eventId(), e));
        events = List.copyOf(unique.values());
        problems = List.copyOf(problems);
    }

    public static PlanHistory of(String planId, List<AuditEvent> events, StatusSnapshot liveStatus) {
        return new PlanHistory(planId, events, Optional.ofNullable(liveStatus), List.of(), false);
    }

    /** The events in timeline order: by time, a cause always before its effects. */
    public List<AuditEvent> timeline() {
        return TimelineOrder.order(events);
    }
}
