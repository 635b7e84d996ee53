package dev.spotshift.audit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One plan's audit as a single HTML file a person opens in any browser, offline: the verdict first,
 * then the stage timeline, the spot share, each metric against its threshold with rollbacks marked,
 * the votes, and every event with its cause. Charts are inline SVG; nothing is fetched.
 */
public final class HtmlReport {

    private static final String CSS = """
            body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1d2330;max-width:1000px}
            h1{font-size:20px;margin:0 0 4px} h2{font-size:16px;margin:28px 0 6px} h3{font-size:13px;margin:14px 0 2px}
            .verdict{padding:10px 14px;border-radius:6px;margin:12px 0}
            .passed{background:#e3f6e8;border:1px solid #5bb974} .failed{background:#fde7e7;border:1px solid #e06666}
            .chart text{font-size:11px;fill:#39404d} .tick{fill:#777}
            .axis{stroke:#888} .grid{stroke:#eee}
            .spot{fill:none;stroke:#1a73e8;stroke-width:2.5} .observed{fill:none;stroke:#5f6368;stroke-width:1.5}
            .threshold{fill:none;stroke:#e37400;stroke-width:1.5;stroke-dasharray:6 4}
            circle.ok{fill:#34a853} circle.breach{fill:#d93025}
            .rollback-marker line{stroke:#d93025;stroke-width:2;stroke-dasharray:4 3} .rollback-marker text{fill:#d93025;font-weight:bold}
            .stage rect{fill:#c6dafc} .stage text{font-size:11px}
            .stage-rolled_back rect,.stage-rolling_back rect,.stage-failed rect,.stage-aborted rect{fill:#f6b8b3}
            .stage-completed rect{fill:#b7e1c1} .stage-paused rect,.stage-awaiting_approval rect{fill:#fde293}
            .stage-rejected rect,.stage-declined rect,.stage-preflight_failed rect{fill:#e8eaed}
            .vote-approve rect{fill:#34a853} .vote-reject rect{fill:#d93025} .vote-abstain rect{fill:#9aa0a6}
            table{border-collapse:collapse;width:100%;font-size:12px} td,th{border-bottom:1px solid #eee;padding:3px 6px;text-align:left;vertical-align:top}
            .legend span{margin-right:14px} code{font-size:11px}
            """;

    private HtmlReport() {}

    public static String render(PlanAudit audit) {
        String planId = audit.history().planId();
        ReportCharts charts = new ReportCharts(audit);
        StringBuilder b = new StringBuilder(16_384);
        b.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Spotshift audit: ")
                .append(Html.escape(planId)).append("</title><style>").append(CSS).append("</style></head><body>");
        b.append("<h1>Migration ").append(Html.escape(planId)).append("</h1>");
        header(audit, b);
        b.append("<h2>Stages</h2>").append(charts.stages(planId));
        b.append("<h2>Spot share (%)</h2>").append(charts.spotShare());
        b.append("<h2>Metrics against their thresholds</h2><p class=\"legend\"><span style=\"color:#5f6368\">&#9472; observed"
                + "</span><span style=\"color:#e37400\">- - threshold</span><span style=\"color:#d93025\">&#9679; breach /"
                + " rollback</span></p>");
        List<String> metrics = charts.metrics();
        if (metrics.isEmpty()) {
            b.append("<p>No measurements in this history.</p>");
        }
        metrics.forEach(b::append);
        b.append("<h2>Votes</h2>").append(charts.votes());
        events(audit, b);
        return b.append("</body></html>\n").toString();
    }

    private static void header(PlanAudit audit, StringBuilder b) {
        Verification v = audit.verification();
        b.append("<div class=\"verdict ").append(v.passed() ? "passed" : "failed").append("\"><strong>")
                .append(v.passed() ? "Verified: every effect has its cause." : "Verification failed.")
                .append("</strong>");
        if (!v.findings().isEmpty()) {
            b.append("<ul>");
            v.findings().forEach(f -> b.append("<li class=\"finding\">").append(Html.escape(f.toString())).append("</li>"));
            b.append("</ul>");
        }
        b.append("</div><p>Replayed: <strong>").append(audit.replayed().stage()).append("</strong> at ")
                .append(audit.replayed().spotPercent()).append(" % spot, ").append(audit.replayed().rollbacks())
                .append(" rollback(s).");
        audit.history().liveStatus().ifPresent(s -> b.append(" Live status: <strong>").append(s.stage())
                .append("</strong> at ").append(s.spotPercent()).append(" % spot, savings ")
                .append(String.format(java.util.Locale.ROOT, "%.1f", s.savingsPercent())).append(" %."));
        b.append(" ").append(audit.timeline().size()).append(" events.</p>");
    }

    private static void events(PlanAudit audit, StringBuilder b) {
        Map<String, Integer> row = new HashMap<>();
        b.append("<h2>Events</h2><table><tr><th>#</th><th>when</th><th>event</th><th>by</th><th>what</th><th>because</th></tr>");
        int n = 0;
        for (AuditEvent e : audit.timeline()) {
            row.put(e.eventId(), ++n);
            Integer cause = e.hasCause() ? row.get(e.causationId()) : null;
            String because = !e.hasCause() ? e.type().origin() == EventType.Origin.ANSWER ? "no cause given" : "-"
                    : cause == null ? "missing " + e.causationId() : "#" + cause;
            b.append("<tr id=\"e").append(n).append("\"><td>").append(n).append("</td><td><code>").append(e.occurredAt())
                    .append("</code></td><td>").append(e.type().eventName()).append("</td><td>")
                    .append(Html.escape(e.producer())).append("</td><td>").append(Html.escape(e.summary()))
                    .append("</td><td>").append(Html.escape(because)).append("</td></tr>");
        }
        b.append("</table>");
    }
}
