package dev.spotshift.schemas.plan;

import dev.spotshift.events.MigrationPlan;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a plan file (YAML, or JSON, which YAML reads too) into one {@link MigrationPlan} per
 * workload, or its errors, each with its path and line:column: the reading errors (unknown fields,
 * wrong types, values out of range) and the plan's rules (steps, capacities, ...) in one answer,
 * capped at the first {@value Problems#CAP} with a count of the rest. The analyzer (REST and topic
 * intake) and the CLI ({@code spotshift plan validate}) share this one implementation.
 */
public final class PlanParser {

    /** What a record carries besides the plan: key, envelope, submission fields, headers, batch framing. */
    public static final int RECORD_ALLOWANCE = 16 * 1024;

    /**
     * The largest plan file, in bytes of UTF-8, for producers with Kafka's default {@code max.request.size}
     * (1 MiB), since each workload's plan travels as one record. The analyzer derives its own from its producer's setting.
     */
    public static final int MAX_BYTES = maxPlanBytes(1024 * 1024);

    /**
     * The most nodes a document may expand to, aliases followed. A real plan has a few hundred; the
     * bound stops alias amplification ("billion laughs") before anything walks the expanded tree.
     */
    static final int MAX_NODES = 100_000;

    private PlanParser() {}

    public static ParsedPlans parse(String text) {
        return text == null ? parse((byte[]) null, MAX_BYTES) : parse(text.getBytes(StandardCharsets.UTF_8), MAX_BYTES);
    }

    /** A plan file's bytes, which must be UTF-8 and at most {@code maxBytes} long. */
    public static ParsedPlans parse(byte[] utf8, int maxBytes) {
        if (utf8 == null || utf8.length == 0) {
            return ParsedPlans.refused(PlanError.at("", "EMPTY_PLAN", "the plan is empty"));
        }
        if (utf8.length > maxBytes) {
            return ParsedPlans.refused(tooLarge(utf8.length, maxBytes));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            return ParsedPlans.refused(PlanError.at("", "NOT_UTF8", "a plan file is UTF-8 text"));
        }
        if (text.isBlank()) {
            return ParsedPlans.refused(PlanError.at("", "EMPTY_PLAN", "the plan is empty"));
        }
        Node root;
        try {
            root = yaml(text.length()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String msg = e.getProblem() != null ? e.getProblem() : e.getMessage();
            return ParsedPlans.refused(m == null ? PlanError.at("", "YAML_SYNTAX", msg)
                    : new PlanError("", m.getLine() + 1, m.getColumn() + 1, "YAML_SYNTAX", msg));
        } catch (YAMLException e) {
            return ParsedPlans.refused(PlanError.at("", "YAML_SYNTAX", e.getMessage()));
        }
        if (root == null) {
            return ParsedPlans.refused(PlanError.at("", "EMPTY_PLAN", "the plan is empty"));
        }
        Size expanded = expandedSize(root, new IdentityHashMap<>());
        if (expanded.nodes() > MAX_NODES) {
            return ParsedPlans.refused(PlanError.at("", "PLAN_TOO_COMPLEX", "the plan expands to more than " + MAX_NODES
                    + " values once its aliases are followed (or an alias refers to itself); write it out plainly"));
        }
        if (expanded.bytes() > maxBytes) {
            // Aliased text repeats in every event: what the plan expands to must fit a record as the file must.
            return ParsedPlans.refused(PlanError.at("", "PLAN_TOO_LARGE", "the plan's values come to more than " + maxBytes
                    + " bytes once its aliases are followed; the limit is " + maxBytes + " bytes (what one Kafka record may carry)"));
        }
        Problems problems = new Problems();
        PlanReader reader = new PlanReader(problems);
        List<PlanReader.Read> reads = reader.read(root);
        // Past the cap the rules would only add to the count: a person fixes the first errors first.
        if (problems.count() <= Problems.CAP) {
            List<PlanError> readingErrors = problems.all();
            NodeIndex index = new NodeIndex(root);
            Set<PlanError> ruleErrors = new LinkedHashSet<>(); // plan-wide sections are judged once per workload
            for (PlanReader.Read r : reads) {
                for (PlanError e : PlanRules.check(r.plan())) {
                    PlanError located = index.locate(e.withPath(filePath(e.path(), r)));
                    // A value the reader already refused stands in as a placeholder; the rules must not report it twice.
                    if (readingErrors.stream().noneMatch(re -> related(re.path(), located.path()))) {
                        ruleErrors.add(located);
                    }
                }
            }
            ruleErrors.forEach(problems::add);
        }
        return problems.isEmpty()
                ? new ParsedPlans(reader.documentId(), reader.planName(), reads.stream().map(PlanReader.Read::plan).toList(), List.of())
                : new ParsedPlans(reader.documentId(), reader.planName(), List.of(), problems.all(), problems.omitted());
    }

    /** The largest plan whose events fit records of {@code maxRecordBytes} (a producer's {@code max.request.size}). */
    public static int maxPlanBytes(int maxRecordBytes) {
        return maxRecordBytes - RECORD_ALLOWANCE;
    }

    /** The error for a body over the limit, which the REST intake answers with 413. */
    public static PlanError tooLarge(long bytes, int maxBytes) {
        return PlanError.at("", "PLAN_TOO_LARGE", "the plan is " + bytes + " bytes; the limit is " + maxBytes
                + " bytes (what one Kafka record may carry)");
    }

    /** The rules for a plan that did not come from a file (e.g. an event off the topic): paths, no lines. */
    public static List<PlanError> validate(MigrationPlan plan) {
        return PlanRules.check(plan);
    }

    /** The same field, or one inside the other ({@code rollout} and {@code rollout.stepInterval}). */
    static boolean related(String a, String b) {
        return a.equals(b) || a.isEmpty() || b.isEmpty() || inside(a, b) || inside(b, a);
    }

    private static boolean inside(String inner, String outer) {
        return inner.startsWith(outer) && (inner.charAt(outer.length()) == '.' || inner.charAt(outer.length()) == '[');
    }

    /** A tree's size with every alias followed: its nodes, and its scalars' bytes of UTF-8 (at most). */
    private record Size(long nodes, long bytes) {
        static final Size OVER = new Size(MAX_NODES + 1L, Long.MAX_VALUE / 4);

        Size plus(Size other) {
            return new Size(Math.min(nodes + other.nodes, OVER.nodes), Math.min(bytes + other.bytes, OVER.bytes));
        }
    }

    /**
     * Counts each shared node once per use, memoised by identity so the count costs the document's own
     * size; stops past the bound. A node met again while it is being counted is a cycle: counted as over.
     */
    private static Size expandedSize(Node node, Map<Node, Size> sizes) {
        Size known = sizes.get(node);
        if (known != null) {
            return known;
        }
        sizes.put(node, Size.OVER); // in progress: a cycle reads as too big
        Size size = new Size(1, node instanceof ScalarNode s ? utf8Bytes(s.getValue()) : 0);
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                size = size.plus(expandedSize(t.getKeyNode(), sizes)).plus(expandedSize(t.getValueNode(), sizes));
                if (size.nodes() > MAX_NODES) {
                    break;
                }
            }
        } else if (node instanceof SequenceNode q) {
            for (Node item : q.getValue()) {
                size = size.plus(expandedSize(item, sizes));
                if (size.nodes() > MAX_NODES) {
                    break;
                }
            }
        }
        sizes.put(node, size);
        return size;
    }

    private static long utf8Bytes(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
        }
        return n;
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

    private static Yaml yaml(int codePoints) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(30);
        // The byte limit already bounds the text; this keeps SnakeYAML's own reader to the same size.
        options.setCodePointLimit(Math.max(codePoints, 1));
        return new Yaml(options);
    }
}
