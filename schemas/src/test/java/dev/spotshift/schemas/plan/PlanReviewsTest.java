package dev.spotshift.schemas.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.ReviewMetric;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class PlanReviewsTest {

    @Test
    void seed000sContinuousMonitoringReadsAsFourReviewRules() throws IOException {
        ParsedPlans parsed = PlanParser.parse(PlanParserTest.example("nightly-etl-pilot.yaml"));

        assertThat(parsed.errors()).isEmpty();
        MigrationPlan plan = parsed.plans().get(0);
        assertThat(plan.getReviews()).extracting(r -> r.getAction() + " " + r.getMetric()).containsExactly(
                "alert_and_investigate " + ReviewMetric.PROCESSING_TIME_INCREASE_PERCENT,
                "scale_review " + ReviewMetric.CPU_UTILISATION_PERCENT,
                "optimization_review " + ReviewMetric.COST_PER_JOB_PERCENT_OF_BASELINE,
                "strategy_validation " + ReviewMetric.SAVINGS_PERCENT);
        assertThat(plan.getReviews().get(1).getAtMost()).isEqualTo(80.0);
        assertThat(plan.getReviews().get(3).getAtLeast()).isEqualTo(60.0);
        assertThat(plan.getReviews().get(3).getWindowMillis()).isEqualTo(3_600_000L);
    }

    @Test
    void aReviewOfAMetricThePlanDoesNotKnowIsALocatedErrorNamingTheKnownOnes() throws IOException {
        String plan = PlanParserTest.example("nightly-etl-pilot.yaml")
                .replace("metric: cpu-utilisation-percent", "metric: disk-queue-depth");

        assertThat(PlanParser.parse(plan).errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("reviews[1].metric");
            assertThat(e.message()).contains("disk-queue-depth", "cpu-utilisation-percent", "savings-percent");
            assertThat(e.hasLine()).isTrue();
        });
    }

    @Test
    void aReviewWithBothBoundsOrNoWindowIsALocatedError() throws IOException {
        String both = PlanParserTest.example("nightly-etl-pilot.yaml").replace("atMost: 80,", "atMost: 80, atLeast: 10,");
        assertThat(PlanParser.parse(both).errors()).singleElement()
                .satisfies(e -> assertThat(e.path()).isEqualTo("reviews[1].atLeast"));

        String noWindow = PlanParserTest.example("nightly-etl-pilot.yaml").replace("atLeast: 60, window: PT1H", "atLeast: 60");
        assertThat(PlanParser.parse(noWindow).errors()).singleElement()
                .satisfies(e -> assertThat(e.path()).isEqualTo("reviews[3].window"));
    }
}
