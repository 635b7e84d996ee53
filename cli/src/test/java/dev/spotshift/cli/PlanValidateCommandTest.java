package dev.spotshift.cli;

import static dev.spotshift.cli.CommandLineTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.schemas.plan.PlanParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spotshift plan validate} on hostile and careless plan files: located errors, never a stack trace. */
class PlanValidateCommandTest {

    @TempDir
    Path dir;

    Path planWith(String from, String to) throws IOException {
        String valid = Files.readString(Path.of("src/test/resources/plans/valid.yaml"));
        assertThat(valid).contains(from);
        Path file = dir.resolve("plan.yaml");
        Files.writeString(file, valid.replace(from, to));
        return file;
    }

    @Test
    void aDurationThatOverflowsIsALocatedErrorNotAnException() throws IOException {
        Path file = planWith("stepInterval: PT10S", "stepInterval: P106751991167300D");

        CommandLineTest.Run r = run("plan", "validate", file.toString());

        assertThat(r.code()).isEqualTo(ExitCodes.INVALID_PLAN);
        assertThat(r.err()).contains("rollout.stepInterval OUT_OF_RANGE", "1 error").doesNotContain("ArithmeticException");
        assertThat(r.err()).containsPattern("plan.yaml:\\d+:\\d+: rollout.stepInterval");
    }

    @Test
    void aMisspeltFieldAndStepsThatGoDownAreBothReported() throws IOException {
        Path file = planWith("stepsPercent: [25, 50, 75, 100]", "stepsPercent: [25, 75, 50, 100]\n  stepIntervall: PT1M");

        CommandLineTest.Run r = run("plan", "validate", "--json", file.toString());

        assertThat(r.code()).isEqualTo(ExitCodes.INVALID_PLAN);
        assertThat(r.out()).contains("UNKNOWN_FIELD", "STEPS_NOT_INCREASING", "\"omittedErrors\":0");
    }

    @Test
    void aFileOverTheLimitInBytesIsRefusedSayingTheLimit() throws IOException {
        // Under the limit in characters, over it in bytes (each é is two bytes of UTF-8)
        Path file = planWith("mode: live", "mode: live\ndescription: " + "é".repeat(PlanParser.MAX_BYTES / 2 + 1));

        CommandLineTest.Run r = run("plan", "validate", file.toString());

        assertThat(r.code()).isEqualTo(ExitCodes.INVALID_PLAN);
        assertThat(r.err()).contains("PLAN_TOO_LARGE", "the limit is " + PlanParser.MAX_BYTES + " bytes");
    }

    @Test
    void thousandsOfErrorsPrintTheFirstFiftyAndTheCount() throws IOException {
        StringBuilder typos = new StringBuilder("mode: live\nmarket:\n");
        for (int i = 0; i < 500; i++) {
            typos.append("  typo").append(i).append(": 1\n");
        }
        Path file = planWith("mode: live\n", typos.toString());

        CommandLineTest.Run r = run("plan", "validate", file.toString());

        assertThat(r.err().lines().filter(l -> l.contains("UNKNOWN_FIELD"))).hasSize(50);
        assertThat(r.err()).contains("500 errors (the first 50 shown, 450 more)");
    }
}
