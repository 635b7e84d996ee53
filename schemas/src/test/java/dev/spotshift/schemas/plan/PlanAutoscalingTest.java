package dev.spotshift.schemas.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class PlanAutoscalingTest {

    @Test
    void givenSeed001sRulesWhenReadThenTheyAreThePlansAutoscaling() throws IOException {
        ParsedPlans parsed = PlanParser.parse(PlanParserTest.example("spot-migration-wave1.yaml"));
        assertThat(parsed.errors()).isEmpty();
        var a = parsed.plans().get(0).getAutoscaling();
        assertThat(a.getScaleOutCpuPercent()).isEqualTo(75.0);
        assertThat(a.getScaleOutAfterMillis()).isEqualTo(600_000L);
        assertThat(a.getScaleInAfterMillis()).isEqualTo(1_200_000L);
    }

    @Test
    void givenARuleHeldForLessThanAMinuteWhenValidatedThenItIsALocatedError() throws IOException {
        String plan = PlanParserTest.example("spot-migration-wave1.yaml")
                .replace("scaleOut: {cpuPercent: 75, after: PT10M}", "scaleOut: {cpuPercent: 75, after: PT30S}");

        assertThat(PlanParser.parse(plan).errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("autoscaling.scaleOut.after");
            assertThat(e.code()).isEqualTo("OUT_OF_RANGE");
            assertThat(e.message()).contains("whole minutes");
            assertThat(e.hasLine()).isTrue();
        });
    }
}
