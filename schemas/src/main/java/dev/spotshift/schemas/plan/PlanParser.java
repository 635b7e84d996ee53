package dev.spotshift.schemas.plan;

import dev.spotshift.events.MigrationPlan;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a plan file (YAML, or JSON, which YAML reads too) into one {@link MigrationPlan} per
 * workload, or every error found, each with its path and line:column. The analyzer (REST and
 * topic intake) and the CLI ({@code spotshift plan validate}) share this one implementation.
 */
public final class PlanParser {

    /** Plans are small; a bigger body is a mistake or an attack. */
    public static final int MAX_CHARS = 512 * 1024;

    private PlanParser() {}

    public static ParsedPlans parse(String text) {
        if (text == null || text.isBlank()) {
            return new ParsedPlans(null, null, List.of(), List.of(PlanError.at("", "EMPTY_PLAN", "the plan is empty")));
        }
        if (text.length() > MAX_CHARS) {
            return new ParsedPlans(null, null, List.of(),
                    List.of(PlanError.at("", "PLAN_TOO_LARGE", "a plan must be under " + MAX_CHARS + " characters")));
        }
        Node root;
        try {
            root = yaml().compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String msg = e.getProblem() != null ? e.getProblem() : e.getMessage();
            PlanError err = m == null ? PlanError.at("", "YAML_SYNTAX", msg)
                    : new PlanError("", m.getLine() + 1, m.getColumn() + 1, "YAML_SYNTAX", msg);
            return new ParsedPlans(null, null, List.of(), List.of(err));
        } catch (YAMLException e) {
            return new ParsedPlans(null, null, List.of(), List.of(PlanError.at("", "YAML_SYNTAX", e.getMessage())));
        }
        if (root == null) {
            return new ParsedPlans(null, null, List.of(), List.of(PlanError.at("", "EMPTY_PLAN", "the plan is empty")));
        }
        Problems problems = new Problems();
        PlanReader reader = new PlanReader(problems);
        List<PlanReader.Read> reads = reader.read(root);
        if (!problems.isEmpty()) {
            return new ParsedPlans(reader.documentId(), reader.planName(), List.of(), problems.all());
        }
        NodeIndex index = new NodeIndex(root);
        LinkedHashSet<PlanError> ruleErrors = new LinkedHashSet<>();
        List<MigrationPlan> plans = new ArrayList<>();
        for (PlanReader.Read r : reads) {
            for (PlanError e : PlanRules.check(r.plan())) {
                ruleErrors.add(index.locate(e.withPath(filePath(e.path(), r))));
            }
            plans.add(r.plan());
        }
        return ruleErrors.isEmpty()
                ? new ParsedPlans(reader.documentId(), reader.planName(), List.copyOf(plans), List.of())
                : new ParsedPlans(reader.documentId(), reader.planName(), List.of(), List.copyOf(ruleErrors));
    }

    /** The rules for a plan that did not come from a file (e.g. an event off the topic): paths, no lines. */
    public static List<PlanError> validate(MigrationPlan plan) {
        return PlanRules.check(plan);
    }

    /** A rule's path in one workload's plan, as written in the file. */
    private static String filePath(String path, PlanReader.Read r) {
        String workload = "workloads[" + r.workloadIndex() + "]";
        if (path.equals("workload")) {
            return workload;
        }
        if (path.startsWith("workload.")) {
            return workload + path.substring("workload".length());
        }
        if (r.ownInstanceTypes() && path.startsWith("spot.instanceTypes")) {
            return workload + path.substring("spot".length());
        }
        return path;
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        options.setCodePointLimit(MAX_CHARS);
        return new Yaml(options);
    }
}
