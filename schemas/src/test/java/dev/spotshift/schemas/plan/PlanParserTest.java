package dev.spotshift.schemas.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.AllocationStrategy;
import dev.spotshift.events.ExecutionMode;
import dev.spotshift.events.MigrationPlan;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class PlanParserTest {

    static String example(String name) throws IOException {
        return Files.readString(PlanExamplesTest.EXAMPLES.resolve(name));
    }

    @Test
    void aFileWithTwoWorkloadsBecomesTwoPlansSharingThePlanWideSections() throws IOException {
        ParsedPlans parsed = PlanParser.parse(example("spot-migration-wave1.yaml"));

        assertThat(parsed.documentId()).isEqualTo("spot-migration-wave1");
        assertThat(parsed.plans()).extracting(p -> p.getWorkload().getName()).containsExactly("data_etl_jobs", "report_generation");
        MigrationPlan report = parsed.plans().get(1);
        assertThat(report.getSpot().getInstanceTypes()).containsExactly("c5.xlarge", "c5a.xlarge", "c5n.xlarge");
        assertThat(report.getSpot().getMaxPriceFractionOfOnDemand()).isEqualTo(0.7);
        assertThat(report.getRollout().getStepsPercent()).containsExactly(10, 50, 100);
        assertThat(report.getRollout().getValidationPeriodMillis()).isEqualTo(48 * 3_600_000L);
        assertThat(report.getAutoscaling().getScaleOutCpuPercent()).isEqualTo(75.0);
        assertThat(parsed.plans().get(0).getRollout()).isEqualTo(report.getRollout());
    }

    @Test
    void theSeedPilotKeepsItsMarketCriteriaDurationsAndDefaults() throws IOException {
        MigrationPlan plan = PlanParser.parse(example("nightly-etl-pilot.yaml")).plans().get(0);

        assertThat(plan.getMode()).isEqualTo(ExecutionMode.SHADOW);
        assertThat(plan.getSpot().getAllocationStrategy()).isEqualTo(AllocationStrategy.PRICE_CAPACITY_OPTIMIZED);
        assertThat(plan.getMarket().getMaxPriceVariationPercent()).isEqualTo(20.0);
        assertThat(plan.getMarket().getPriceLookbackMillis()).isEqualTo(86_400_000L);
        assertThat(plan.getRollout().getStepIntervalMillis()).isEqualTo(900_000L);
        assertThat(plan.getRollout().getShadowRunMillis()).isEqualTo(7_200_000L);
        assertThat(plan.getThresholds().getErrorRatePercent()).isEqualTo(0.01);
        assertThat(plan.getCheckpoint().getGracefulShutdownMillis()).isEqualTo(120_000L);
        assertThat(plan.getWorkload().getFallbackInstanceType()).isEqualTo("m5.large");
    }

    @Test
    void aJsonBodyReadsLikeTheSameYaml() {
        String json = """
                {"name": "j", "mode": "dry-run",
                 "workloads": [{"name": "w", "region": "eu-west-1", "instanceIds": ["i-0abc"],
                   "currentInstanceType": "m5.large", "interruptionTolerant": true, "stateless": true,
                   "realTimeRequirement": false}],
                 "spot": {"instanceTypes": ["m5.large"], "maxPrice": "$0.05/h", "targetCapacity": 1},
                 "rollout": {"stepsPercent": [50, 100], "stepInterval": "PT20S", "validationWindow": "PT10S"}}
                """;

        ParsedPlans parsed = PlanParser.parse(json);

        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.plans().get(0).getSpot().getMaxPriceMicros()).isEqualTo(50_000L);
        assertThat(parsed.plans().get(0).getMode()).isEqualTo(ExecutionMode.DRY_RUN);
    }

    @Test
    void everyErrorOfADocumentIsReportedAtOnceWithItsLine() throws IOException {
        String broken = example("demo-fast.yaml")
                .replace("targetCapacity: 1", "targetCapacity: 1\n  colour: blue")
                .replace("stepInterval: PT20S", "stepInterval: soon")
                .replace("region: us-east-1", "region: 7");

        ParsedPlans parsed = PlanParser.parse(broken);

        assertThat(parsed.errors()).extracting(PlanError::code)
                .containsExactlyInAnyOrder("UNKNOWN_FIELD", "DURATION_UNPARSABLE");
        assertThat(parsed.errors()).allSatisfy(e -> assertThat(e.hasLine()).isTrue());
    }

    @Test
    void aTwiceNamedWorkloadIsRefused() throws IOException {
        String twice = example("demo-fast.yaml").replace("spot:\n",
                "  - name: nightly_etl_batch\n    region: us-east-1\n    instanceIds: [i-1]\n    currentInstanceType: m5.large\n"
                        + "    interruptionTolerant: true\n    stateless: true\n    realTimeRequirement: false\nspot:\n");

        assertThat(PlanParser.parse(twice).errors()).extracting(PlanError::code).containsExactly("DUPLICATE_WORKLOAD");
    }

    @Test
    void aPlanFromTheTopicIsJudgedByTheSameRulesWithPathsButNoLines() throws IOException {
        MigrationPlan plan = PlanParser.parse(example("demo-fast.yaml")).plans().get(0);
        plan.getRollout().setStepsPercent(java.util.List.of(50, 40, 100));
        plan.getSpot().setMaxPriceFractionOfOnDemand(1.2);

        assertThat(PlanParser.validate(plan)).extracting(PlanError::location)
                .containsExactlyInAnyOrder("rollout.stepsPercent[1]", "spot.maxPrice");
        assertThat(PlanParser.validate(plan)).extracting(PlanError::code)
                .containsExactlyInAnyOrder("STEPS_NOT_INCREASING", "MAX_PRICE_ABOVE_ON_DEMAND");
    }

    @Test
    void anEmptyBodyAndASecondDocumentAreErrorsNotExceptions() {
        assertThat(PlanParser.parse("  ").errors()).extracting(PlanError::code).containsExactly("EMPTY_PLAN");
        assertThat(PlanParser.parse("name: a\n---\nname: b\n").errors()).extracting(PlanError::code).containsExactly("YAML_SYNTAX");
        assertThat(PlanParser.parse("- just\n- a list\n").errors()).extracting(PlanError::code).contains("WRONG_TYPE");
    }
}
