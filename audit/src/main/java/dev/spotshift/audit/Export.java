package dev.spotshift.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The replay for other tools: JSON (one document, every plan with its events and findings) or CSV (one row per event). */
public final class Export {

    public enum Format { TEXT, JSON, CSV }

    private static final List<String> CSV_COLUMNS = List.of("planId", "occurredAt", "type", "eventId", "causationId",
            "producer", "traceId", "topic", "partition", "offset", "stage", "spotPercent", "summary", "labels", "numbers");

    private Export() {}

    public static String json(List<PlanAudit> audits) {
        List<Object> plans = new ArrayList<>();
        for (PlanAudit a : audits) {
            Map<String, Object> plan = new LinkedHashMap<>();
            plan.put("planId", a.history().planId());
            plan.put("passed", a.verification().passed());
            plan.put("replayedStatus", status(a.replayed()));
            plan.put("liveStatus", a.history().liveStatus().map(Export::status).orElse(null));
            plan.put("findings", a.verification().findings().stream().map(f -> Map.of("rule", f.rule().name(),
                    "severity", f.rule().severity().name(), "eventId", String.valueOf(f.eventId()),
                    "message", f.message())).toList());
            plan.put("events", a.timeline().stream().map(Export::event).toList());
            plans.add(plan);
        }
        return Json.of(Map.of("plans", plans)) + "\n";
    }

    public static String csv(List<PlanAudit> audits) {
        StringBuilder b = new StringBuilder(String.join(",", CSV_COLUMNS)).append('\n');
        for (PlanAudit a : audits) {
            for (AuditEvent e : a.timeline()) {
                Map<String, Object> row = event(e);
                row.put("labels", e.labels().entrySet().stream().map(x -> x.getKey() + "=" + x.getValue())
                        .collect(Collectors.joining(";")));
                row.put("numbers", e.numbers().entrySet().stream()
                        .map(x -> x.getKey() + "=" + TextTimeline.format(x.getValue())).collect(Collectors.joining(";")));
                b.append(CSV_COLUMNS.stream().map(c -> cell(row.get(c))).collect(Collectors.joining(","))).append('\n');
            }
        }
        return b.toString();
    }

    static Map<String, Object> event(AuditEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("planId", e.planId());
        m.put("occurredAt", e.occurredAt().toString());
        m.put("type", e.type().eventName());
        m.put("eventId", e.eventId());
        m.put("causationId", e.causationId());
        m.put("producer", e.producer());
        m.put("traceId", e.traceId());
        m.put("topic", e.topic());
        m.put("partition", e.partition());
        m.put("offset", e.offset());
        m.put("stage", e.stage() == null ? null : e.stage().name());
        m.put("spotPercent", e.spotPercent());
        m.put("summary", e.summary());
        m.put("labels", e.labels());
        m.put("numbers", e.numbers());
        m.put("measurements", e.measurements().stream().map(x -> {
            Map<String, Object> mm = new LinkedHashMap<>();
            mm.put("metric", x.metric());
            mm.put("observed", x.observed());
            mm.put("threshold", x.threshold());
            mm.put("comparator", x.comparator());
            mm.put("passed", x.passed());
            return mm;
        }).toList());
        m.put("references", e.references());
        return m;
    }

    static Map<String, Object> status(StatusSnapshot s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stage", s.stage().name());
        m.put("terminal", s.terminal());
        m.put("spotPercent", s.spotPercent());
        m.put("rollbacks", s.rollbacks());
        m.put("interruptionsHandled", s.interruptionsHandled());
        m.put("savingsMicros", s.savingsMicros());
        m.put("savingsPercent", s.savingsPercent());
        return m;
    }

    private static String cell(Object v) {
        String s = v == null ? "" : v.toString();
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
