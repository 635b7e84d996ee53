package dev.spotshift.schemas.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.MigrationPlan;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class PlanStepTimingsTest {

    private static String seed002Phases() throws IOException {
        // Seed 002: 10 % with 5 minutes of monitoring, 50 % with 10 minutes, then 100 % with its final monitoring.
        return PlanParserTest.example("demo-fast.yaml")
                .replace("stepsPercent: [25, 50, 75, 100]", "stepsPercent: [10, 50, 100]")
                .replace("stepInterval: PT20S", "stepInterval: PT20M\n  validationWindows: [PT5M, PT10M, PT10M]"
                        + "\n  stepIntervals: [PT5M, PT10M, PT10M]")
                .replace("validationWindow: PT10S", "validationWindow: PT10M");
    }

    @Test
    void seed002sPhasesReadAsOneWindowAndIntervalPerStep() throws IOException {
        ParsedPlans parsed = PlanParser.parse(seed002Phases());

        assertThat(parsed.errors()).isEmpty();
        MigrationPlan plan = parsed.plans().get(0);
        assertThat(plan.getRollout().getValidationWindowsMillis()).containsExactly(300_000L, 600_000L, 600_000L);
        assertThat(plan.getRollout().getStepIntervalsMillis()).containsExactly(300_000L, 600_000L, 600_000L);
    }

    @Test
    void windowsThatDoNotNameOnePerStepAreALocatedError() throws IOException {
        String plan = seed002Phases().replace("validationWindows: [PT5M, PT10M, PT10M]", "validationWindows: [PT5M, PT10M]");

        ParsedPlans parsed = PlanParser.parse(plan);

        assertThat(parsed.errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("rollout.validationWindows");
            assertThat(e.code()).isEqualTo("NOT_ONE_PER_STEP");
            assertThat(e.message()).contains("2 validation windows for 3 steps");
        });
    }

    @Test
    void aStepsWindowLongerThanItsIntervalIsALocatedError() throws IOException {
        String plan = seed002Phases().replace("validationWindows: [PT5M, PT10M, PT10M]", "validationWindows: [PT5M, PT15M, PT10M]");

        assertThat(PlanParser.parse(plan).errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("rollout.validationWindows[1]");
            assertThat(e.code()).isEqualTo("OUT_OF_RANGE");
        });
    }

    @Test
    void anUnreadableWindowIsLocatedAtItsIndex() throws IOException {
        String plan = seed002Phases().replace("validationWindows: [PT5M, PT10M, PT10M]", "validationWindows: [PT5M, ten minutes, PT10M]");

        assertThat(PlanParser.parse(plan).errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("rollout.validationWindows[1]");
            assertThat(e.hasLine()).isTrue();
        });
    }
}
