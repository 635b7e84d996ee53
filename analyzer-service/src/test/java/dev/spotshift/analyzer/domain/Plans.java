package dev.spotshift.analyzer.domain;

import dev.spotshift.events.MigrationPlan;
import dev.spotshift.schemas.plan.ParsedPlans;
import dev.spotshift.schemas.plan.PlanParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test plans are the shipped examples, so the tests and the docs cannot drift apart. */
public final class Plans {

    public static final Path EXAMPLES = Path.of(System.getProperty("spotshift.home", "..")).resolve("examples");

    private Plans() {}

    public static String text(String example) {
        try {
            return Files.readString(EXAMPLES.resolve(example));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static MigrationPlan demo() {
        ParsedPlans parsed = PlanParser.parse(text("demo-fast.yaml"));
        return parsed.plans().get(0);
    }
}
