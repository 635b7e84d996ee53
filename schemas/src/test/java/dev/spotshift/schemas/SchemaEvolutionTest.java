package dev.spotshift.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.schemas.Topic.Compatibility;
import dev.spotshift.schemas.state.StateSchemas;
import dev.spotshift.state.SampleState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaEvolutionTest {

    private static final Path RELEASED = Path.of("src/main/released");
    private static final Path RELEASED_STATE = Path.of("src/main/released-state");

    @Test
    void everyTopicReadsWhatEveryReleasedVersionWrote() throws IOException {
        List<Path> versions;
        try (Stream<Path> s = Files.list(RELEASED)) {
            versions = s.filter(Files::isDirectory).toList();
        }
        assertThat(versions).as("released schema snapshots").isNotEmpty();
        for (Path version : versions) {
            assertThat(SchemaCompatibilityCheck.check(version))
                    .as("incompatible with release %s", version.getFileName())
                    .isEmpty();
        }
    }

    @Test
    void addingARequiredFieldWithoutDefaultIsCaught() {
        Schema released = SchemaCompatibilityCheck.currentSchema(Topics.ROLLBACK_COMMANDS);
        String json = released.toString().replaceFirst(
                "\"fields\":\\[", "\"fields\":[{\"name\":\"operatorTicket\",\"type\":\"string\"},");
        Schema broken = new Schema.Parser().parse(json);

        assertThat(SchemaCompatibilityCheck.incompatibilities(broken, released))
                .anySatisfy(f -> assertThat(f).contains("operatorTicket"));
    }

    @Test
    void addingAnOptionalFieldWithDefaultIsAllowed() {
        Schema released = SchemaCompatibilityCheck.currentSchema(Topics.ROLLBACK_COMMANDS);
        String json = released.toString().replaceFirst(
                "\"fields\":\\[", "\"fields\":[{\"name\":\"operatorTicket\",\"type\":[\"null\",\"string\"],\"default\":null},");
        Schema evolved = new Schema.Parser().parse(json);

        assertThat(SchemaCompatibilityCheck.incompatibilities(evolved, released)).isEmpty();
    }

    @Test
    void changingAFieldTypeIsCaught() {
        Schema released = SchemaCompatibilityCheck.currentSchema(Topics.WORKLOAD_METRICS);
        Schema broken = new Schema.Parser().parse(
                released.toString().replace("\"name\":\"jobsFailed\",\"type\":\"int\"", "\"name\":\"jobsFailed\",\"type\":\"string\""));

        assertThat(SchemaCompatibilityCheck.incompatibilities(broken, released)).isNotEmpty();
    }

    @Test
    void aBackwardTopicFailsTheCheckWhenItsReadersCannotReadTheReleasedRecords(@TempDir Path release) throws IOException {
        // Given a release, cut with per-topic rules, whose gate verdicts had no result field yet
        assertThat(Topics.GATE_VERDICTS.compatibility()).isEqualTo(Compatibility.BACKWARD);
        releasedWith(release, Topics.GATE_VERDICTS, s -> withoutField(s, "result"));

        // When the current contract (result required, no default) is checked against it
        List<String> findings = SchemaCompatibilityCheck.check(release);

        // Then the new readers cannot read what that release wrote
        assertThat(findings).singleElement().satisfies(f -> assertThat(f).startsWith("gate-verdicts (BACKWARD")
                .contains("new readers of old records"));
    }

    @Test
    void aBackwardTopicMayGrowAUnionItsReadersLearnFirst() {
        // Given the released assessment schema, and a version whose payload has one more branch
        Schema released = SchemaCompatibilityCheck.currentSchema(Topics.SPOT_ASSESSMENTS);
        Schema grown = withExtraBranch(released, "payload");

        // Then BACKWARD lets it through (readers upgraded first read both), FULL does not
        assertThat(SchemaCompatibilityCheck.incompatibilities(Compatibility.BACKWARD, grown, released)).isEmpty();
        assertThat(SchemaCompatibilityCheck.incompatibilities(Compatibility.FULL, grown, released)).isNotEmpty();
    }

    @Test
    void aFullTopicFailsTheCheckWhenOldReadersCannotReadANewUnionBranch(@TempDir Path release) throws IOException {
        // Given a release, cut with per-topic rules, whose rollout events had one payload branch fewer
        assertThat(Topics.ROLLOUT_EVENTS.compatibility()).isEqualTo(Compatibility.FULL);
        releasedWith(release, Topics.ROLLOUT_EVENTS, s -> withoutLastBranch(s, "payload"));

        // When the current contract is checked against it
        List<String> findings = SchemaCompatibilityCheck.check(release);

        // Then the released readers could not read the branch a writer upgraded first would send
        assertThat(findings).singleElement().satisfies(f -> assertThat(f).startsWith("rollout-events (FULL")
                .contains("old readers of new records").contains("MISSING_UNION_BRANCH"));
    }

    @Test
    void aFullTopicFailsTheCheckWhenNewReadersCannotReadTheReleasedRecords(@TempDir Path release) throws IOException {
        // Given a release, cut with per-topic rules, whose rollback commands had no level yet
        assertThat(Topics.ROLLBACK_COMMANDS.compatibility()).isEqualTo(Compatibility.FULL);
        releasedWith(release, Topics.ROLLBACK_COMMANDS, s -> withoutField(s, "level"));

        // Then the current readers could not read what it wrote
        assertThat(SchemaCompatibilityCheck.check(release)).singleElement().satisfies(f -> assertThat(f)
                .startsWith("rollback-commands (FULL").contains("new readers of old records"));
    }

    @Test
    void aReleaseCutBeforePerTopicRulesIsHeldToBackwardOnly(@TempDir Path release) throws IOException {
        // Given the same grown union against a release that has no rules file (registered under the global rule)
        releasedWith(release, Topics.ROLLOUT_EVENTS, s -> withoutLastBranch(s, "payload"));
        Files.delete(release.resolve(SchemaCompatibilityCheck.RULES_FILE));

        // Then only BACKWARD is asked of it
        assertThat(SchemaCompatibilityCheck.check(release)).isEmpty();
    }

    @Test
    void everyStateStoreReadsWhatEveryStateReleaseWrote() throws IOException {
        List<String> versions;
        try (Stream<Path> s = Files.list(RELEASED_STATE)) {
            versions = s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
        // The runtime finds writer schemas through the releases file: every snapshot must be listed there
        assertThat(StateSchemas.releases()).as(StateSchemas.RELEASES_FILE).containsExactlyInAnyOrderElementsOf(versions);
        for (String version : versions) {
            assertThat(SchemaCompatibilityCheck.checkState(RELEASED_STATE.resolve(version)))
                    .as("state incompatible with release %s", version).isEmpty();
        }
    }

    @Test
    void aStateRecordFailsTheCheckWhenItCannotReadWhatItsReleaseStored(@TempDir Path release) throws IOException {
        // Given a state release whose samples had no sample time yet, and today's record requiring one (no default)
        SchemaCompatibilityCheck.snapshotState(release);
        Schema sample = StateSchemas.current(SampleState.class);
        Files.writeString(release.resolve(StateSchemas.fileName(SampleState.class)),
                withoutField(sample, "atMillis").toString(true));

        // When the current state records are checked against it
        List<String> findings = SchemaCompatibilityCheck.checkState(release);

        // Then the restore of what that release stored would fail, and the check says so
        assertThat(findings).singleElement().satisfies(f -> assertThat(f).startsWith("state SampleState.avsc (BACKWARD")
                .contains("new readers of old records").contains("atMillis"));
    }

    @Test
    void aStateRecordMayGrowAFieldWithADefault(@TempDir Path release) throws IOException {
        // Given a state release whose samples had no sample id yet (today's has one, defaulting to null)
        SchemaCompatibilityCheck.snapshotState(release);
        Files.writeString(release.resolve(StateSchemas.fileName(SampleState.class)),
                withoutField(StateSchemas.current(SampleState.class), "sampleId").toString(true));

        // Then the check lets it through
        assertThat(SchemaCompatibilityCheck.checkState(release)).isEmpty();
    }

    /** A release snapshot of today's contract, with one topic's schema as {@code released} makes it. */
    private static void releasedWith(Path dir, Topic<?> topic, UnaryOperator<Schema> released) throws IOException {
        SchemaCompatibilityCheck.snapshot(dir);
        Files.writeString(dir.resolve(topic.name() + ".avsc"),
                released.apply(SchemaCompatibilityCheck.currentSchema(topic)).toString(true));
    }

    private static Schema withoutField(Schema record, String name) {
        return copy(record, record.getFields().stream().filter(f -> !f.name().equals(name))
                .map(f -> new Schema.Field(f, f.schema())).toList());
    }

    private static Schema withoutLastBranch(Schema record, String union) {
        return copy(record, record.getFields().stream().map(f -> {
            if (!f.name().equals(union)) {
                return new Schema.Field(f, f.schema());
            }
            List<Schema> branches = f.schema().getTypes();
            return new Schema.Field(f, Schema.createUnion(branches.subList(0, branches.size() - 1)));
        }).toList());
    }

    private static Schema withExtraBranch(Schema record, String union) {
        Schema extra = Schema.createRecord("SomethingNew", null, record.getNamespace(), false,
                List.of(new Schema.Field("note", Schema.create(Schema.Type.STRING))));
        return copy(record, record.getFields().stream().map(f -> {
            if (!f.name().equals(union)) {
                return new Schema.Field(f, f.schema());
            }
            List<Schema> branches = new java.util.ArrayList<>(f.schema().getTypes());
            branches.add(extra);
            return new Schema.Field(f, Schema.createUnion(branches));
        }).toList());
    }

    private static Schema copy(Schema record, List<Schema.Field> fields) {
        return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
    }
}
