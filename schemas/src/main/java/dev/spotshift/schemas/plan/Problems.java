package dev.spotshift.schemas.plan;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/** Collects every error of one parse, so a person sees them all at once, not the first only. */
final class Problems {

    private final List<PlanError> errors = new ArrayList<>();

    void add(Node node, String path, String code, String message) {
        errors.add(node == null
                ? PlanError.at(path, code, message)
                : new PlanError(path, node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1, code, message));
    }

    void add(PlanError error) {
        errors.add(error);
    }

    List<PlanError> all() {
        return List.copyOf(errors);
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }
}
