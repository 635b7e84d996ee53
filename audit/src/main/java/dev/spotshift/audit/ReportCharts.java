package dev.spotshift.audit;

import dev.spotshift.events.MigrationStage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** The report's four charts, each drawn from the replayed timeline alone. */
final class ReportCharts {

    private record MetricPoint(Instant at, double observed, Double threshold, boolean passed, String source) {}

    private final List<AuditEvent> timeline;
    private final Instant from;
    private final Instant to;

    ReportCharts(PlanAudit audit) {
        this.timeline = audit.timeline();
        this.from = timeline.isEmpty() ? Instant.EPOCH : timeline.get(0).occurredAt();
        Instant last = timeline.stream().map(AuditEvent::occurredAt).max(Instant::compareTo).orElse(from);
        this.to = last.plusMillis(Math.max(1000, (last.toEpochMilli() - from.toEpochMilli()) / 20));
    }

    /** Where the plan was, stage by stage, as coloured bands along the time axis. */
    String stages(String planId) {
        Svg svg = new Svg(from, to, 0, 1, 70, "stage timeline");
        List<Map.Entry<Instant, MigrationStage>> changes = new ArrayList<>();
        MigrationStage current = null;
        for (int i = 0; i < timeline.size(); i++) {
            if (timeline.get(i).stage() == null) {
                continue;
            }
            MigrationStage s = ReplayedStatus.fold(planId, timeline.subList(0, i + 1)).stage();
            if (s != current) {
                changes.add(Map.entry(timeline.get(i).occurredAt(), s));
                current = s;
            }
        }
        for (int i = 0; i < changes.size(); i++) {
            Instant end = i + 1 < changes.size() ? changes.get(i + 1).getKey() : to;
            MigrationStage s = changes.get(i).getValue();
            svg.band(changes.get(i).getKey(), end, 0.1, 0.9, "stage stage-" + s.name().toLowerCase(Locale.ROOT),
                    s.name());
        }
        return svg.render();
    }

    /** The spot share the executor set, held between changes, with every rollback marked. */
    String spotShare() {
        List<Svg.Point> points = new ArrayList<>();
        points.add(new Svg.Point(from, 0));
        for (AuditEvent e : timeline) {
            if (e.spotPercent() != null) {
                points.add(new Svg.Point(e.occurredAt(), e.spotPercent()));
            }
        }
        Svg svg = new Svg(from, to, 0, 100, 200, "spot share over time").line("spotPercent", "spot", points, true, to);
        markRollbacks(svg);
        return svg.render();
    }

    /** One chart per metric: what was observed against the line it had to stay on, breaches in red. */
    List<String> metrics() {
        List<String> charts = new ArrayList<>();
        for (Map.Entry<String, List<MetricPoint>> m : metricPoints().entrySet()) {
            List<MetricPoint> pts = m.getValue();
            double max = pts.stream().mapToDouble(p -> Math.max(p.observed(), p.threshold() == null ? 0 : p.threshold()))
                    .max().orElse(1);
            Svg svg = new Svg(from, to, 0, max <= 0 ? 1 : max * 1.2, 180, m.getKey() + " against its threshold");
            svg.line(m.getKey(), "observed", pts.stream().map(p -> new Svg.Point(p.at(), p.observed())).toList(),
                    false, null);
            List<Svg.Point> threshold = pts.stream().filter(p -> p.threshold() != null)
                    .map(p -> new Svg.Point(p.at(), p.threshold())).toList();
            svg.line(m.getKey() + ".threshold", "threshold", threshold, true, to);
            for (MetricPoint p : pts) {
                svg.point(p.at(), p.observed(), p.passed() ? "ok" : "breach", String.format(Locale.ROOT,
                        "%s %s: %s (threshold %s) from %s", p.at(), m.getKey(), TextTimeline.format(p.observed()),
                        p.threshold() == null ? "-" : TextTimeline.format(p.threshold()), p.source()));
            }
            markRollbacks(svg);
            charts.add("<h3>" + Html.escape(m.getKey()) + "</h3>" + svg.render());
        }
        return charts;
    }

    /** Each agent's vote as a bar as long as its confidence, coloured by its verdict. */
    String votes() {
        List<AuditEvent> votes = timeline.stream().filter(e -> e.type() == EventType.AGENT_VOTE).toList();
        int rowHeight = 30;
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "<svg class=\"chart votes\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\""
                        + " aria-label=\"votes\">", Svg.WIDTH, rowHeight * votes.size() + 10, Svg.WIDTH,
                rowHeight * votes.size() + 10));
        int row = 0;
        for (AuditEvent v : votes) {
            double confidence = Objects.requireNonNullElse(v.number("confidence"), 0.0);
            String verdict = Objects.requireNonNullElse(v.label("verdict"), "ABSTAIN");
            int y = 5 + row++ * rowHeight;
            b.append(String.format(Locale.ROOT, "<g class=\"vote vote-%s\" data-agent=\"%s\"><text x=\"0\" y=\"%d\">%s</text>"
                            + "<rect x=\"160\" y=\"%d\" width=\"%.1f\" height=\"20\"/><text x=\"%.1f\" y=\"%d\">%s %.2f</text>"
                            + "<title>%s</title></g>", verdict.toLowerCase(Locale.ROOT), Html.escape(v.label("agent")),
                    y + 15, Html.escape(v.label("agent")), y, 600 * confidence, 170 + 600 * confidence, y + 15,
                    Html.escape(verdict), confidence, Html.escape(v.summary())));
        }
        return b.append("</svg>").toString();
    }

    private void markRollbacks(Svg svg) {
        for (AuditEvent e : timeline) {
            if (e.type() == EventType.ROLLED_BACK) {
                svg.marker(e.occurredAt(), "rollback-marker", "rollback: " + e.label("trigger"));
            }
        }
    }

    private Map<String, List<MetricPoint>> metricPoints() {
        Map<String, List<MetricPoint>> out = new LinkedHashMap<>();
        Double errorLimit = latest(Thresholds.ERROR_RATE);
        Double baseline = latest(Thresholds.BASELINE_JOB_MILLIS);
        Double degradation = latest(Thresholds.DEGRADATION);
        Double jobLimit = baseline == null || degradation == null ? null : baseline * (1 + degradation / 100);
        for (AuditEvent e : timeline) {
            if (e.type() == EventType.METRIC_SAMPLE) {
                add(out, MetricFigures.ERROR_RATE, e, e.number(MetricFigures.ERROR_RATE), errorLimit, "metric sample");
                add(out, MetricFigures.JOB_MILLIS, e, e.number(MetricFigures.JOB_MILLIS), jobLimit, "metric sample");
            }
            for (Measure m : e.measurements()) {
                out.computeIfAbsent(m.metric(), k -> new ArrayList<>()).add(new MetricPoint(e.occurredAt(),
                        m.observed(), m.threshold(), m.passed(), e.type().eventName()));
            }
        }
        return out;
    }

    private static void add(Map<String, List<MetricPoint>> out, String metric, AuditEvent e, Double value,
                            Double limit, String source) {
        if (value != null) {
            boolean passed = limit == null || value <= limit;
            out.computeIfAbsent(metric, k -> new ArrayList<>()).add(new MetricPoint(e.occurredAt(), value, limit,
                    passed, source));
        }
    }

    /** The last value of a number in the timeline: a measured baseline replaces the declared one. */
    private Double latest(String number) {
        Double v = null;
        for (AuditEvent e : timeline) {
            if (e.number(number) != null) {
                v = e.number(number);
            }
        }
        return v;
    }
}
