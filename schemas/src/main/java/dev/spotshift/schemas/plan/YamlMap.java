package dev.spotshift.schemas.plan;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A typed, located view of one YAML mapping. Every getter reports a wrong type, a missing
 * required key or an unparsable value to {@link Problems} with the key's path and line, and
 * returns empty so reading goes on and all errors are found in one pass. Keys outside the
 * section's declared set are reported as unknown (a typo must never be silently ignored).
 */
final class YamlMap {

    private final Node node;
    private final String path;
    private final Problems problems;
    private final Map<String, Node> values = new LinkedHashMap<>();
    private final Map<String, Node> keyNodes = new LinkedHashMap<>();

    private YamlMap(Node node, String path, Set<String> allowed, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode k)) {
                    problems.add(t.getKeyNode(), path, "WRONG_TYPE", "keys must be plain names");
                    continue;
                }
                String key = k.getValue();
                if (values.containsKey(key)) {
                    problems.add(k, child(key), "DUPLICATE_FIELD", "'" + key + "' is given twice");
                } else if (!allowed.contains(key)) {
                    if (problems.full()) {
                        problems.countOne(); // only counted past the cap: no message built for a flood of typos
                    } else {
                        problems.add(k, child(key), "UNKNOWN_FIELD",
                                "unknown field '" + key + "'; allowed here: " + String.join(", ", allowed));
                    }
                } else {
                    values.put(key, t.getValueNode());
                    keyNodes.put(key, k);
                }
            }
        } else if (node != null && !isNull(node)) {
            problems.add(node, path, "WRONG_TYPE", "expected a mapping of fields");
        }
    }

    static YamlMap of(Node node, String path, Set<String> allowed, Problems problems) {
        return new YamlMap(node, path, allowed, problems);
    }

    String path() { return path; }

    Node node() { return node; }

    String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        return values.containsKey(key) && !isNull(values.get(key));
    }

    Optional<YamlMap> map(String key, Set<String> allowed) {
        return has(key) ? Optional.of(of(values.get(key), child(key), allowed, problems)) : Optional.empty();
    }

    /** A missing section reads as an empty one, so its defaults apply. */
    YamlMap section(String key, Set<String> allowed) {
        return of(has(key) ? values.get(key) : null, child(key), allowed, problems);
    }

    List<YamlMap> maps(String key, Set<String> allowed) {
        List<YamlMap> out = new ArrayList<>();
        Optional<SequenceNode> seq = sequence(key);
        if (seq.isPresent()) {
            List<Node> items = seq.get().getValue();
            for (int i = 0; i < items.size(); i++) {
                out.add(of(items.get(i), child(key) + "[" + i + "]", allowed, problems));
            }
        }
        return out;
    }

    Optional<String> string(String key) {
        return scalar(key, "a text", n -> Optional.of(n.getValue()), Tag.STR, Tag.INT, Tag.FLOAT);
    }

    Optional<String> requiredString(String key) {
        return required(key, string(key));
    }

    Optional<Integer> integer(String key) {
        return scalar(key, "a whole number", YamlMap::wholeNumber, Tag.INT);
    }

    Optional<Integer> requiredInteger(String key) {
        return required(key, integer(key));
    }

    Optional<Double> number(String key) {
        return scalar(key, "a number", n -> {
            double d;
            try {
                d = Double.parseDouble(n.getValue().replace("_", ""));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            if (!Double.isFinite(d)) {
                throw new OutOfRange("'" + n.getValue() + "' is too large for a number");
            }
            return Optional.of(d);
        }, Tag.INT, Tag.FLOAT);
    }

    Optional<Boolean> bool(String key) {
        return scalar(key, "true or false", n -> Optional.of(Boolean.parseBoolean(n.getValue().toLowerCase(Locale.ROOT))), Tag.BOOL);
    }

    Optional<Boolean> requiredBool(String key) {
        return required(key, bool(key));
    }

    /** An ISO-8601 duration (PT15M, PT48H, PT20S, P1D) as milliseconds. */
    Optional<Long> durationMillis(String key) {
        Optional<String> text = string(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            Duration d = Duration.parse(text.get().trim());
            if (d.isNegative() || d.isZero()) {
                problems.add(values.get(key), child(key), "OUT_OF_RANGE", "duration must be positive, was " + text.get());
                return Optional.empty();
            }
            if (d.compareTo(PlanRules.MAX_DURATION) > 0) {
                // Also keeps toMillis() (and every later "now + duration") from overflowing.
                problems.add(values.get(key), child(key), "OUT_OF_RANGE",
                        "'" + text.get() + "' is longer than a plan's longest duration, " + PlanRules.MAX_DURATION.toDays() + " days");
                return Optional.empty();
            }
            return Optional.of(d.toMillis());
        } catch (DateTimeParseException e) {
            problems.add(values.get(key), child(key), "DURATION_UNPARSABLE",
                    "'" + text.get() + "' is not an ISO-8601 duration; write e.g. PT15M, PT48H, PT20S or P7D");
            return Optional.empty();
        }
    }

    Optional<Long> requiredDurationMillis(String key) {
        return required(key, durationMillis(key));
    }

    Optional<List<String>> strings(String key) {
        return list(key, "a text", Tag.STR, n -> Optional.of(n.getValue()));
    }

    /** A list of ISO-8601 durations as milliseconds; each item's problem is located at its index. */
    Optional<List<Long>> durations(String key) {
        return list(key, "an ISO-8601 duration, e.g. PT5M", Tag.STR, n -> {
            Duration d;
            try {
                d = Duration.parse(n.getValue().trim());
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
            if (d.isNegative() || d.isZero()) {
                throw new OutOfRange("duration must be positive, was " + n.getValue());
            }
            if (d.compareTo(PlanRules.MAX_DURATION) > 0) {
                throw new OutOfRange("'" + n.getValue() + "' is longer than a plan's longest duration, "
                        + PlanRules.MAX_DURATION.toDays() + " days");
            }
            return Optional.of(d.toMillis());
        });
    }

    Optional<List<Integer>> integers(String key) {
        return list(key, "a whole number", Tag.INT, YamlMap::wholeNumber);
    }

    /** One of a fixed set of words; case and '-'/'_' do not matter. */
    <E> Optional<E> choice(String key, Map<String, E> words) {
        Optional<String> text = string(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        E e = words.get(normalise(text.get()));
        if (e == null) {
            problems.add(values.get(key), child(key), "INVALID_VALUE",
                    "'" + text.get() + "' is not one of " + String.join(", ", words.keySet()));
        }
        return Optional.ofNullable(e);
    }

    /** Reports one item of a list of this section: {@code key[index]}, at the item's own line. */
    void invalidItem(String key, int index, String code, String message) {
        Node item = sequence(key).map(q -> q.getValue().get(index)).orElse(node);
        problems.add(item, child(key) + "[" + index + "]", code, message);
    }

    /** Reports a value this section cannot accept. */
    void invalid(String key, String code, String message) {
        problems.add(values.getOrDefault(key, node), has(key) ? child(key) : path, code, message);
    }

    static String normalise(String word) {
        return word.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private <T> Optional<T> required(String key, Optional<T> value) {
        if (!values.containsKey(key) || isNull(values.get(key))) {
            problems.add(node, child(key), "MISSING_FIELD", "'" + key + "' is required");
        }
        return value;
    }

    private Optional<SequenceNode> sequence(String key) {
        if (!has(key)) {
            return Optional.empty();
        }
        Node n = values.get(key);
        if (n instanceof SequenceNode s) {
            return Optional.of(s);
        }
        problems.add(n, child(key), "WRONG_TYPE", "expected a list");
        return Optional.empty();
    }

    private <T> Optional<List<T>> list(String key, String what, Tag tag, Function<ScalarNode, Optional<T>> read) {
        Optional<SequenceNode> seq = sequence(key);
        if (seq.isEmpty()) {
            return Optional.empty();
        }
        List<T> out = new ArrayList<>();
        boolean ok = true;
        List<Node> items = seq.get().getValue();
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            Optional<T> v;
            try {
                v = item instanceof ScalarNode s && (s.getTag().equals(tag) || tag.equals(Tag.STR) && isTexty(s))
                        ? read.apply(s) : Optional.empty();
            } catch (OutOfRange e) {
                problems.add(item, child(key) + "[" + i + "]", "OUT_OF_RANGE", e.getMessage());
                ok = false;
                continue;
            }
            if (v.isEmpty()) {
                problems.add(item, child(key) + "[" + i + "]", "WRONG_TYPE", "expected " + what);
                ok = false;
            } else {
                out.add(v.get());
            }
        }
        return ok ? Optional.of(out) : Optional.empty();
    }

    private <T> Optional<T> scalar(String key, String what, Function<ScalarNode, Optional<T>> read, Tag... tags) {
        if (!has(key)) {
            return Optional.empty();
        }
        Node n = values.get(key);
        if (n instanceof ScalarNode s && List.of(tags).contains(s.getTag())) {
            Optional<T> v;
            try {
                v = read.apply(s);
            } catch (OutOfRange e) {
                problems.add(n, child(key), "OUT_OF_RANGE", e.getMessage());
                return Optional.empty();
            }
            if (v.isEmpty()) {
                problems.add(n, child(key), "WRONG_TYPE", "expected " + what + ", got '" + s.getValue() + "'");
            }
            return v;
        }
        String got = n instanceof ScalarNode s ? "'" + s.getValue() + "'" : n instanceof SequenceNode ? "a list" : "a mapping";
        problems.add(n, child(key), "WRONG_TYPE", "expected " + what + ", got " + got);
        return Optional.empty();
    }

    /** A value of the right type that no field can hold (too large a number). */
    private static final class OutOfRange extends RuntimeException {
        OutOfRange(String message) {
            super(message, null, false, false);
        }
    }

    /** A YAML int as a Java int; digits beyond its range are out of range, not a wrong type. */
    private static Optional<Integer> wholeNumber(ScalarNode n) {
        String digits = n.getValue().replace("_", "");
        try {
            return Optional.of(Integer.parseInt(digits));
        } catch (NumberFormatException e) {
            if (digits.matches("[-+]?[0-9]+")) {
                throw new OutOfRange("'" + n.getValue() + "' is too large for a whole number");
            }
            return Optional.empty();
        }
    }

    /** Instance types like m5.large read as text even where YAML would see a number-like word. */
    private static boolean isTexty(ScalarNode s) {
        return s.getTag().equals(Tag.STR) || s.getTag().equals(Tag.FLOAT) || s.getTag().equals(Tag.INT);
    }

    private static boolean isNull(Node n) {
        return n == null || n instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }
}
