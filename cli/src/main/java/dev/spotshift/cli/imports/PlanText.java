package dev.spotshift.cli.imports;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Writes the plan YAML line by line, each value with a comment saying where in the source document it came from. */
final class PlanText {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:+@-]+( [A-Za-z0-9_./:+@*-]+)*");

    private final StringBuilder out = new StringBuilder();

    PlanText comment(String text) {
        out.append("# ").append(text).append('\n');
        return this;
    }

    PlanText blank() {
        out.append('\n');
        return this;
    }

    PlanText section(int indent, String key, String from) {
        out.append("  ".repeat(indent)).append(key).append(':');
        return from(from);
    }

    PlanText listItem(int indent, String key, Object value, String from) {
        out.append("  ".repeat(indent)).append("- ").append(key).append(": ").append(scalar(value));
        return from(from);
    }

    PlanText field(int indent, String key, Object value, String from) {
        out.append("  ".repeat(indent)).append(key).append(": ").append(scalar(value));
        return from(from);
    }

    private PlanText from(String from) {
        if (from != null && !from.isEmpty()) {
            out.append("   # ").append(from);
        }
        out.append('\n');
        return this;
    }

    static String scalar(Object value) {
        if (value instanceof List<?> l) {
            return "[" + String.join(", ", l.stream().map(PlanText::scalar).toList()) + "]";
        }
        if (value instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf(d.longValue())
                    : String.format(Locale.ROOT, "%s", d);
        }
        String s = String.valueOf(value);
        if (value instanceof Number || value instanceof Boolean) {
            return s;
        }
        // quote anything YAML could read as another type or that holds a comment marker
        boolean plain = PLAIN.matcher(s).matches() && !s.matches("(?i)true|false|yes|no|on|off|null|~|[0-9.+-].*");
        return plain ? s : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
