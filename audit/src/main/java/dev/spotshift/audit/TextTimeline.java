package dev.spotshift.audit;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The timeline as a person reads it in a terminal: when, who produced it, what it said and the
 * numbers, and why (the event it answers, by its line number). Metric samples are many and mostly
 * uneventful; only those another event points at (the sample that breached) get a line.
 */
public final class TextTimeline {

    private TextTimeline() {}

    public static void print(PlanHistory history, Verification verification, PrintWriter out) {
        List<AuditEvent> timeline = history.timeline();
        Set<String> pointedAt = pointedAt(timeline);
        Map<String, Integer> lineOf = new HashMap<>();
        Instant start = timeline.isEmpty() ? Instant.EPOCH : timeline.get(0).occurredAt();
        out.printf("plan %s: %d events%n", history.planId(), timeline.size());
        int line = 0;
        int quietSamples = 0;
        for (AuditEvent e : timeline) {
            if (e.type() == EventType.METRIC_SAMPLE && !pointedAt.contains(e.eventId())) {
                quietSamples++;
                continue;
            }
            lineOf.put(e.eventId(), ++line);
            out.printf("%3d  %s  +%-8s %-22s %s%n", line, e.occurredAt(), offset(start, e.occurredAt()),
                    e.type().eventName(), e.summary());
            out.printf("     by %s on %s/%d@%d, because %s%n", e.producer(), e.topic(), e.partition(), e.offset(),
                    because(e, lineOf));
            String numbers = numbers(e);
            if (!numbers.isEmpty()) {
                out.printf("     %s%n", numbers);
            }
        }
        if (quietSamples > 0) {
            out.printf("     (%d metric samples within limits not shown)%n", quietSamples);
        }
        history.liveStatus().ifPresent(s -> out.printf("live status: %s, %d %% spot, %d rollback(s), %d interruption(s)"
                + " handled, savings %.1f %%%n", s.stage(), s.spotPercent(), s.rollbacks(), s.interruptionsHandled(),
                s.savingsPercent()));
        if (verification.findings().isEmpty()) {
            out.println("verified: every effect has its cause");
        } else {
            out.printf("%s: %d finding(s)%n", verification.passed() ? "verified with warnings" : "VERIFICATION FAILED",
                    verification.findings().size());
            verification.findings().forEach(f -> out.println("  " + f));
        }
        out.flush();
    }

    private static String because(AuditEvent e, Map<String, Integer> lineOf) {
        if (!e.hasCause()) {
            return switch (e.type().origin()) {
                case SUBMISSION -> "a person submitted it";
                case OUTSIDE -> "observed outside Spotshift";
                case ANSWER -> "NO CAUSE GIVEN";
            };
        }
        Integer line = lineOf.get(e.causationId());
        return line == null ? "it answers " + e.causationId() + " (NOT FOUND)" : "it answers line " + line;
    }

    private static String numbers(AuditEvent e) {
        String n = e.numbers().entrySet().stream().filter(x -> !x.getKey().startsWith("threshold."))
                .map(x -> x.getKey() + "=" + format(x.getValue())).collect(Collectors.joining(" "));
        String labels = e.labels().entrySet().stream().filter(x -> !x.getKey().equals("plan"))
                .map(x -> x.getKey() + "=" + x.getValue()).collect(Collectors.joining(" "));
        return (labels + " " + n).trim();
    }

    static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format("%.4g", v);
    }

    private static String offset(Instant start, Instant at) {
        Duration d = Duration.between(start, at);
        return d.isNegative() ? "-" + d.negated().toString().substring(2).toLowerCase()
                : d.toString().substring(2).toLowerCase();
    }

    private static Set<String> pointedAt(List<AuditEvent> timeline) {
        Set<String> ids = new HashSet<>();
        for (AuditEvent e : timeline) {
            if (e.hasCause()) {
                ids.add(e.causationId());
            }
            ids.addAll(e.references());
        }
        return ids;
    }
}
