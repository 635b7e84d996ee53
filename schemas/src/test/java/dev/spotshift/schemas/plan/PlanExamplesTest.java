package dev.spotshift.schemas.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The shipped examples: good ones validate, each bad one reports exactly the errors it declares. */
class PlanExamplesTest {

    static final Path EXAMPLES = Path.of(System.getProperty("spotshift.home", "..")).resolve("examples");

    static Stream<Path> goodExamples() throws IOException {
        return Files.list(EXAMPLES).filter(p -> p.toString().endsWith(".yaml")).sorted();
    }

    static Stream<Path> badExamples() throws IOException {
        return Files.list(EXAMPLES.resolve("bad")).filter(p -> p.toString().endsWith(".yaml")).sorted();
    }

    @ParameterizedTest
    @MethodSource("goodExamples")
    void everyShippedExampleValidates(Path file) throws IOException {
        ParsedPlans parsed = PlanParser.parse(Files.readString(file));

        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.plans()).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("badExamples")
    void everyBadExampleReportsExactlyTheLocatedErrorsItDeclares(Path file) throws IOException {
        String text = Files.readString(file);
        List<String> expected = text.lines().filter(l -> l.startsWith("# expect: "))
                .map(l -> l.substring("# expect: ".length())).toList();

        ParsedPlans parsed = PlanParser.parse(text);

        assertThat(expected).as("%s declares its errors", file.getFileName()).isNotEmpty();
        assertThat(parsed.plans()).isEmpty();
        assertThat(parsed.errors()).extracting(e -> e.code() + " " + (e.path().isEmpty() ? "<document>" : e.path())
                + " " + e.line() + ":" + e.column()).containsExactlyElementsOf(expected);
    }

    @Test
    void thereIsABadExampleForEveryKindOfFaultTheIssueNames() throws IOException {
        List<String> codes = badExamples().flatMap(p -> {
            try {
                return PlanParser.parse(Files.readString(p)).errors().stream().map(PlanError::code);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }).toList();

        assertThat(codes).contains("UNKNOWN_FIELD", "WRONG_TYPE", "STEPS_NOT_INCREASING", "STEPS_NOT_ENDING_AT_100",
                "MAX_PRICE_ABOVE_ON_DEMAND", "OUT_OF_RANGE", "CHECKPOINT_EXCEEDS_NOTICE", "DURATION_UNPARSABLE",
                "MISSING_FIELD", "YAML_SYNTAX");
    }
}
