package dev.spotshift.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class SchemaEvolutionTest {

    private static final Path RELEASED = Path.of("src/main/released");

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
}
