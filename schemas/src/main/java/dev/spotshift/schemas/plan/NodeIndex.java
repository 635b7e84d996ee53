package dev.spotshift.schemas.plan;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Where each path of a YAML document starts, so rule errors found after reading get a line too. */
final class NodeIndex {

    private final Map<String, Node> byPath = new HashMap<>();

    NodeIndex(Node root) {
        walk(root, "");
    }

    /** The error located at its path, or at the nearest enclosing path that is written in the file. */
    PlanError locate(PlanError e) {
        String p = e.path();
        while (true) {
            Node n = byPath.get(p);
            if (n != null) {
                return e.locatedAt(n.getStartMark().getLine() + 1, n.getStartMark().getColumn() + 1);
            }
            if (p.isEmpty()) {
                return e;
            }
            p = parent(p);
        }
    }

    static String parent(String path) {
        if (path.endsWith("]")) {
            return path.substring(0, path.lastIndexOf('['));
        }
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }

    private void walk(Node node, String path) {
        byPath.putIfAbsent(path, node);
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k) {
                    walk(t.getValueNode(), path.isEmpty() ? k.getValue() : path + "." + k.getValue());
                }
            }
        } else if (node instanceof SequenceNode s) {
            List<Node> items = s.getValue();
            for (int i = 0; i < items.size(); i++) {
                walk(items.get(i), path + "[" + i + "]");
            }
        }
    }
}
