package dev.spotshift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `spotshift plan import` writes a plan that `plan validate` accepts unchanged. */
class PlanImportCommandTest {

    @TempDir
    Path dir;

    @Test
    void importsTheSeedPilotIntoAPlanThatValidatesUnchanged() {
        // When seed 000's document is imported to a file
        Path plan = dir.resolve("pilot.yaml");
        CommandLineTest.Run imported = CommandLineTest.run("plan", "import", "../examples/seeds/pilot-execution.yaml",
                "-o", plan.toString());

        // Then it says what it assumed and did not map, and the file validates as it is
        assertThat(imported.code()).isZero();
        assertThat(imported.err()).contains("pilot_execution imported to " + plan, "value(s) assumed",
                "part(s) not mapped");
        CommandLineTest.Run validated = CommandLineTest.run("plan", "validate", plan.toString());
        assertThat(validated.code()).isZero();
        assertThat(validated.out()).contains("valid plan 'nightly-etl-batch-pilot'", "nightly_etl_batch");
    }

    @Test
    void refusesADocumentOfAnUnknownShapeNamingTheShapesItKnows() throws IOException {
        Path other = Files.writeString(dir.resolve("other.yaml"), "apiVersion: v1\nkind: ConfigMap\n");

        CommandLineTest.Run r = CommandLineTest.run("plan", "import", other.toString());

        assertThat(r.code()).isEqualTo(ExitCodes.INVALID_PLAN);
        assertThat(r.err()).contains("other.yaml: not a document shape plan import knows",
                "'pilot_execution:'", "'spot_migration_execution:'");
        assertThat(r.out()).isEmpty();
    }
}
