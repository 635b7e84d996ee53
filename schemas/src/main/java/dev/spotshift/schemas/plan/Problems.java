package dev.spotshift.schemas.plan;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Collects the errors of one parse, so a person sees them all at once, not the first only; but
 * keeps only the first {@link #CAP} (a document can be written to yield any number of errors, and
 * an answer listing them all would be an amplifier) and counts the rest.
 */
final class Problems {

    /** Errors kept and reported; the rest are counted. */
    static final int CAP = 50;

    private final List<PlanError> errors = new ArrayList<>();
    private int omitted;

    void add(Node node, String path, String code, String message) {
        add(node == null
                ? PlanError.at(path, code, message)
                : new PlanError(path, node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1, code, message));
    }

    void add(PlanError error) {
        if (errors.size() < CAP) {
            errors.add(error);
        } else {
            omitted++;
        }
    }

    /** True when further errors are only counted. */
    boolean full() {
        return errors.size() >= CAP;
    }

    /** Counts an error past the cap without making it. */
    void countOne() {
        omitted++;
    }

    List<PlanError> all() {
        return List.copyOf(errors);
    }

    /** How many errors were found beyond the first {@link #CAP}. */
    int omitted() {
        return omitted;
    }

    int count() {
        return errors.size() + omitted;
    }

    boolean isEmpty() {
        return errors.isEmpty() && omitted == 0;
    }
}
