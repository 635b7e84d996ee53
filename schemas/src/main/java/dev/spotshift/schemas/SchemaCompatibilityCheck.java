package dev.spotshift.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.specific.SpecificData;

/**
 * Guards the contract: every topic's current value schema must read what the last released
 * version wrote (BACKWARD), the same rule the registry enforces at run time.
 * Released schemas live in {@code schemas/src/main/released/<version>/<topic>.avsc}.
 * Run {@code main(releasedDir)} to snapshot the current schemas when cutting a release.
 */
public final class SchemaCompatibilityCheck {

    private SchemaCompatibilityCheck() {}

    public static Schema currentSchema(Topic<?> topic) {
        return SpecificData.get().getSchema(topic.valueType());
    }

    /** Human-readable incompatibilities of {@code current} reading data written with {@code released}. */
    public static List<String> incompatibilities(Schema current, Schema released) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(current, released).getResult();
        List<String> out = new ArrayList<>();
        if (result.getCompatibility() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            for (var inc : result.getIncompatibilities()) {
                out.add(inc.getType() + " at " + inc.getLocation() + ": " + inc.getMessage());
            }
        }
        return out;
    }

    /** Checks every topic against the snapshot in {@code releasedDir}; returns findings (empty when all compatible). */
    public static List<String> check(Path releasedDir) {
        List<String> findings = new ArrayList<>();
        for (Topic<?> topic : Topics.all()) {
            Path file = releasedDir.resolve(topic.name() + ".avsc");
            if (!Files.exists(file)) {
                continue; // a topic added since the release has nothing to be compatible with
            }
            Schema released = parse(file);
            for (String inc : incompatibilities(currentSchema(topic), released)) {
                findings.add(topic.name() + " (" + file.getFileName() + "): " + inc);
            }
        }
        return findings;
    }

    public static Schema parse(Path file) {
        try {
            return new Schema.Parser().parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        for (Topic<?> topic : Topics.all()) {
            Files.writeString(dir.resolve(topic.name() + ".avsc"), currentSchema(topic).toString(true) + "\n");
        }
        System.out.println("Wrote " + Topics.all().size() + " schemas to " + dir);
    }
}
