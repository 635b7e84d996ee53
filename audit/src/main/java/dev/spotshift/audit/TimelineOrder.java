package dev.spotshift.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Orders a plan's events by occurredAt, but never an effect before its cause: services stamp
 * occurredAt with their own clocks, and two events of the same millisecond say nothing about which
 * answered which. A topological sort over the causation links, taking the earliest ready event first.
 */
public final class TimelineOrder {

    private static final Comparator<AuditEvent> BY_TIME = Comparator.comparing(AuditEvent::occurredAt)
            .thenComparing(AuditEvent::topic).thenComparingInt(AuditEvent::partition)
            .thenComparingLong(AuditEvent::offset).thenComparing(AuditEvent::eventId);

    private TimelineOrder() {}

    public static List<AuditEvent> order(List<AuditEvent> events) {
        Set<String> ids = new HashSet<>();
        events.forEach(e -> ids.add(e.eventId()));
        Map<String, List<AuditEvent>> effectsOf = new HashMap<>();
        PriorityQueue<AuditEvent> ready = new PriorityQueue<>(BY_TIME);
        for (AuditEvent e : events) {
            boolean causeHere = e.hasCause() && ids.contains(e.causationId()) && !e.causationId().equals(e.eventId());
            if (causeHere) {
                effectsOf.computeIfAbsent(e.causationId(), k -> new ArrayList<>()).add(e);
            } else {
                ready.add(e);
            }
        }
        List<AuditEvent> out = new ArrayList<>(events.size());
        Set<String> placed = new HashSet<>();
        while (!ready.isEmpty()) {
            AuditEvent next = ready.poll();
            if (placed.add(next.eventId())) {
                out.add(next);
                ready.addAll(effectsOf.getOrDefault(next.eventId(), List.of()));
            }
        }
        if (out.size() < events.size()) {
            // a causation cycle (the verifier reports it): keep those events, in time order, at the end
            events.stream().filter(e -> !placed.contains(e.eventId())).sorted(BY_TIME).forEach(out::add);
        }
        return out;
    }
}
