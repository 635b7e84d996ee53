package dev.spotshift.schemas;

import dev.spotshift.schemas.Topic.Compatibility;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import dev.spotshift.schemas.state.StateSchemas;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Guards the contract: every topic's current value schema must keep its declared {@link Compatibility} rule against
 * each released version — the same rule the registry holds its artifact to ({@link SchemaRules}).
 * Released schemas live in {@code schemas/src/main/released/<version>/<topic>.avsc}, with the rules that release was
 * cut under in {@code compatibility.properties}; a release without that file predates per-topic rules, was
 * registered under the global BACKWARD rule, and is held to BACKWARD only.
 * State-store records are held to BACKWARD against their own snapshots in {@code schemas/src/main/released-state}
 * ({@link #checkState}). Run {@code main(releasedDir, releasedStateDir)} to snapshot both when cutting a release.
 */
public final class SchemaCompatibilityCheck {

    /** The rules a release was cut under: topic name = rule. */
    public static final String RULES_FILE = "compatibility.properties";

    private SchemaCompatibilityCheck() {}

    public static Schema currentSchema(Topic<?> topic) {
        return SpecificData.get().getSchema(topic.valueType());
    }

    /** Human-readable incompatibilities of {@code current} reading data written with {@code released} (BACKWARD). */
    public static List<String> incompatibilities(Schema current, Schema released) {
        return readerFindings("", current, released);
    }

    /** What breaks {@code rule} between {@code current} and {@code released}, each direction the rule asks for. */
    public static List<String> incompatibilities(Compatibility rule, Schema current, Schema released) {
        List<String> out = new ArrayList<>();
        if (rule.newReadsOld()) {
            out.addAll(readerFindings("new readers of old records: ", current, released));
        }
        if (rule.oldReadsNew()) {
            out.addAll(readerFindings("old readers of new records: ", released, current));
        }
        return out;
    }

    private static List<String> readerFindings(String prefix, Schema reader, Schema writer) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
        List<String> out = new ArrayList<>();
        if (result.getCompatibility() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            for (var inc : result.getIncompatibilities()) {
                out.add(prefix + inc.getType() + " at " + inc.getLocation() + ": " + inc.getMessage());
            }
        }
        return out;
    }

    /** Checks every topic against the snapshot in {@code releasedDir}; returns findings (empty when all compatible). */
    public static List<String> check(Path releasedDir) {
        boolean perTopicRules = Files.exists(releasedDir.resolve(RULES_FILE));
        List<String> findings = new ArrayList<>();
        for (Topic<?> topic : Topics.all()) {
            Path file = releasedDir.resolve(topic.name() + ".avsc");
            if (!Files.exists(file)) {
                continue; // a topic added since the release has nothing to be compatible with
            }
            Compatibility rule = perTopicRules ? topic.compatibility() : Compatibility.BACKWARD;
            for (String inc : incompatibilities(rule, currentSchema(topic), parse(file))) {
                findings.add(topic.name() + " (" + rule + ", " + file.getFileName() + "): " + inc);
            }
        }
        return findings;
    }

    /**
     * Checks every state-store record against a state snapshot in {@code releasedStateDir}: the current record must
     * read what that release stored (BACKWARD: a store is written and read by one service, and its new version
     * restores what the old one left in the changelog). Returns findings, empty when all compatible.
     */
    public static List<String> checkState(Path releasedStateDir) {
        List<String> findings = new ArrayList<>();
        for (Class<? extends SpecificRecord> type : StateSchemas.ALL) {
            Path file = releasedStateDir.resolve(StateSchemas.fileName(type));
            if (!Files.exists(file)) {
                continue; // a store added since the release has nothing to be compatible with
            }
            for (String inc : incompatibilities(Compatibility.BACKWARD, StateSchemas.current(type), parse(file))) {
                findings.add("state " + file.getFileName() + " (BACKWARD): " + inc);
            }
        }
        return findings;
    }

    /** Writes the current state-store schemas into {@code dir}, as a release's state snapshot. */
    public static void snapshotState(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Class<? extends SpecificRecord> type : StateSchemas.ALL) {
            Files.writeString(dir.resolve(StateSchemas.fileName(type)), StateSchemas.current(type).toString(true) + "\n");
        }
    }

    public static Schema parse(Path file) {
        try {
            return new Schema.Parser().parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the current schemas and the rules they are held to into {@code dir}, as a release snapshot. */
    public static void snapshot(Path dir) throws IOException {
        Files.createDirectories(dir);
        StringBuilder rules = new StringBuilder("# the compatibility rule each topic was released under\n");
        for (Topic<?> topic : Topics.all()) {
            Files.writeString(dir.resolve(topic.name() + ".avsc"), currentSchema(topic).toString(true) + "\n");
            rules.append(topic.name()).append('=').append(topic.compatibility().name()).append('\n');
        }
        Files.writeString(dir.resolve(RULES_FILE), rules);
    }

    /** {@code main(releasedDir/<version>, released-stateDir/<version>)}: the snapshots of a release being cut. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        snapshot(dir);
        System.out.println("Wrote " + Topics.all().size() + " schemas and their rules to " + dir);
        if (args.length > 1) {
            Path state = Path.of(args[1]);
            snapshotState(state);
            System.out.println("Wrote " + StateSchemas.ALL.size() + " state schemas to " + state
                    + " (list the release in " + StateSchemas.RELEASES_FILE + ")");
        }
    }
}
