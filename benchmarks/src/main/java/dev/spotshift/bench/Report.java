package dev.spotshift.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The run's rows as a text table (for the README), JSON and CSV. */
public final class Report {

    static final List<String> COLUMNS = List.of("benchmark", "measure", "unit", "min", "median", "max", "n",
            "goal", "status", "note");

    private final Map<String, String> machine;
    private final String mode;
    private final List<Row> rows;

    public Report(Map<String, String> machine, String mode, List<Row> rows) {
        this.machine = machine;
        this.mode = mode;
        this.rows = List.copyOf(rows);
    }

    public List<Row> rows() {
        return rows;
    }

    /** Rows that carry no figure: each says "not measured: why". */
    public List<Row> notMeasured() {
        return rows.stream().filter(r -> !r.measuredAtAll()).toList();
    }

    /**
     * The process exit status: in strict mode, non-zero when any row could not be measured (a service did not
     * start, a goal row has no data), so a script cannot take a partial run for a full one; 0 otherwise.
     * A missed goal is a figure, not a failure of the benchmark, and does not change the status.
     */
    public int exitCode(boolean strict) {
        return strict && !notMeasured().isEmpty() ? 2 : 0;
    }

    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    private static List<String> cells(Row r) {
        boolean m = r.measuredAtAll();
        return List.of(r.bench(), r.measure(), r.unit(), m ? number(r.min()) : "", m ? number(r.median()) : "",
                m ? number(r.max()) : "", Integer.toString(r.values().size()), r.goal(), r.status(), r.note());
    }

    /** A Markdown table, preceded by the machine it was measured on. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append("Spotshift benchmarks (").append(mode).append(")\n");
        machine.forEach((k, v) -> sb.append("  ").append(k).append(": ").append(v).append('\n'));
        sb.append('\n');
        List<List<String>> lines = new ArrayList<>();
        lines.add(COLUMNS);
        rows.forEach(r -> lines.add(cells(r)));
        int[] width = new int[COLUMNS.size()];
        for (List<String> l : lines) {
            for (int i = 0; i < l.size(); i++) {
                width[i] = Math.max(width[i], l.get(i).length());
            }
        }
        for (int li = 0; li < lines.size(); li++) {
            sb.append('|');
            for (int i = 0; i < width.length; i++) {
                sb.append(' ').append(pad(lines.get(li).get(i), width[i])).append(" |");
            }
            sb.append('\n');
            if (li == 0) {
                sb.append('|');
                for (int w : width) {
                    sb.append('-').append("-".repeat(w)).append("-|");
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    public String csv() {
        StringBuilder sb = new StringBuilder(String.join(",", COLUMNS)).append(",values\n");
        for (Row r : rows) {
            List<String> c = new ArrayList<>(cells(r));
            c.add(r.values().stream().map(Report::number).reduce((a, b) -> a + " " + b).orElse(""));
            sb.append(String.join(",", c.stream().map(Report::csvCell).toList())).append('\n');
        }
        return sb.toString();
    }

    public String json() {
        StringBuilder sb = new StringBuilder("{\n  \"mode\": ").append(quote(mode)).append(",\n  \"machine\": {");
        sb.append(String.join(",", machine.entrySet().stream()
                .map(e -> "\n    " + quote(e.getKey()) + ": " + quote(e.getValue())).toList()));
        sb.append("\n  },\n  \"rows\": [");
        List<String> out = new ArrayList<>();
        for (Row r : rows) {
            boolean m = r.measuredAtAll();
            out.add("\n    {\"benchmark\": " + quote(r.bench()) + ", \"measure\": " + quote(r.measure())
                    + ", \"unit\": " + quote(r.unit())
                    + ", \"values\": [" + String.join(", ", r.values().stream().map(Report::jsonNumber).toList()) + "]"
                    + ", \"min\": " + (m ? jsonNumber(r.min()) : "null")
                    + ", \"median\": " + (m ? jsonNumber(r.median()) : "null")
                    + ", \"max\": " + (m ? jsonNumber(r.max()) : "null")
                    + ", \"goal\": " + quote(r.goal()) + ", \"status\": " + quote(r.status())
                    + ", \"note\": " + quote(r.note()) + "}");
        }
        sb.append(String.join(",", out)).append("\n  ]\n}\n");
        return sb.toString();
    }

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("bench-results.txt"), table());
        Files.writeString(dir.resolve("bench-results.json"), json());
        Files.writeString(dir.resolve("bench-results.csv"), csv());
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(w - s.length());
    }

    private static String jsonNumber(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "null" : String.format(Locale.ROOT, "%.6g", v);
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static String csvCell(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
