package dev.spotshift.cli.imports;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A seed-style document as loaded YAML, read by path, remembering every leaf the importer used so that whatever
 * it did not use can be listed: an import that silently forgets part of a user's document is worse than none.
 */
final class SeedDocument {

    /** One node and where it sits ("a.b[2].c"). */
    record Node(String path, Object value) {

        Optional<Node> get(String key) {
            if (value instanceof Map<?, ?> m && m.containsKey(key)) {
                return Optional.of(new Node(child(key), m.get(key)));
            }
            // Seed documents often write a mapping as a list of one-key mappings ("- increment: 25").
            if (value instanceof List<?> l) {
                for (int i = 0; i < l.size(); i++) {
                    if (l.get(i) instanceof Map<?, ?> m && m.containsKey(key)) {
                        return Optional.of(new Node(path + "[" + i + "]." + key, m.get(key)));
                    }
                }
            }
            return Optional.empty();
        }

        Optional<Node> at(String... keys) {
            Optional<Node> n = Optional.of(this);
            for (String k : keys) {
                n = n.flatMap(x -> x.get(k));
            }
            return n;
        }

        List<Node> items() {
            List<Node> out = new ArrayList<>();
            if (value instanceof List<?> l) {
                for (int i = 0; i < l.size(); i++) {
                    out.add(new Node(path + "[" + i + "]", l.get(i)));
                }
            }
            return out;
        }

        /** The item of a list of mappings whose {@code field} equals {@code wanted} ("the step whose action is X"). */
        Optional<Node> itemWhere(String field, String wanted) {
            return items().stream().filter(i -> i.get(field).map(Node::text).filter(wanted::equals).isPresent())
                    .findFirst();
        }

        String text() {
            return value == null ? "" : String.valueOf(value);
        }

        List<String> texts() {
            if (value instanceof List<?> l) {
                return l.stream().map(String::valueOf).map(String::trim).toList();
            }
            // "m5.large, m5a.large" is a list written as one string
            return List.of(text().split("\\s*,\\s*")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        }

        private String child(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }
    }

    private final Node root;
    private final Set<String> used = new LinkedHashSet<>();

    SeedDocument(Object loaded) {
        this.root = new Node("", loaded);
    }

    Node root() {
        return root;
    }

    /** Marks a node and everything under it as carried into the plan (or knowingly accounted for). */
    Node use(Node n) {
        used.add(n.path());
        return n;
    }

    /** Every leaf under {@code n} that nothing used, with its path. */
    List<String> unusedLeaves() {
        List<String> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private void collect(Node n, List<String> out) {
        if (covered(n.path())) {
            return;
        }
        if (n.value() instanceof Map<?, ?> m) {
            for (Object k : m.keySet()) {
                collect(new Node(n.path().isEmpty() ? String.valueOf(k) : n.path() + "." + k, m.get(k)), out);
            }
        } else if (n.value() instanceof List<?> l && !l.isEmpty() && !(l.get(0) instanceof String)
                && !(l.get(0) instanceof Number)) {
            for (int i = 0; i < l.size(); i++) {
                collect(new Node(n.path() + "[" + i + "]", l.get(i)), out);
            }
        } else if (!n.path().isEmpty()) {
            out.add(n.path());
        }
    }

    private boolean covered(String path) {
        for (String u : used) {
            if (path.equals(u) || path.startsWith(u + ".") || path.startsWith(u + "[")) {
                return true;
            }
        }
        return false;
    }
}
