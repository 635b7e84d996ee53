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
                .containsExactlyInAnyOrder("UNKNOWN_FIELD", "DURATION_UNPARSABLE", "INVALID_VALUE");
        assertThat(parsed.errors()).allSatisfy(e -> assertThat(e.hasLine()).isTrue());
    }

    @Test
    void aMisspeltFieldAndStepsThatGoDownAreReportedInOneAnswer() throws IOException {
        // Given a typo in a required field and a step list that does not increase
        String broken = example("demo-fast.yaml")
                .replace("validationWindow: PT10S", "validationWindw: PT10S")
                .replace("[25, 50, 75, 100]", "[25, 75, 50, 100]");

        // When
        ParsedPlans parsed = PlanParser.parse(broken);

        // Then the reading errors and the rule's error come together, each located, and nothing twice
        assertThat(parsed.errors()).extracting(PlanError::code, PlanError::path).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("UNKNOWN_FIELD", "rollout.validationWindw"),
                org.assertj.core.groups.Tuple.tuple("MISSING_FIELD", "rollout.validationWindow"),
                org.assertj.core.groups.Tuple.tuple("STEPS_NOT_INCREASING", "rollout.stepsPercent[2]"));
        assertThat(parsed.errors()).allSatisfy(e -> assertThat(e.hasLine()).isTrue());
        assertThat(parsed.plans()).isEmpty();
    }

    @Test
    void aDurationTooLongForMillisecondsIsALocatedError() throws IOException {
        String plan = example("demo-fast.yaml").replace("stepInterval: PT20S", "stepInterval: P106751991167300D");

        ParsedPlans parsed = PlanParser.parse(plan);

        assertThat(parsed.errors()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo("OUT_OF_RANGE");
            assertThat(e.location()).isEqualTo("rollout.stepInterval (22:17)");
        });
    }

    @Test
    void everyNumberTooLargeForItsFieldIsALocatedErrorNotAnException() throws IOException {
        String plan = example("demo-fast.yaml")
                .replace("targetCapacity: 1", "targetCapacity: 99999999999999999999")
                .replace("maxPrice: 0.7 x on-demand", "maxPrice: \"$99999999999999999999999999/h\"")
                .replace("[25, 50, 75, 100]", "[25, 50, 7500000000000, 100]")
                .replace("gracefulShutdown: PT20S", "gracefulShutdown: PT20S\nsuccess:\n  minCostSavingsPercent: 1e999")
                .replace("interval: PT30S", "interval: P400D");

        ParsedPlans parsed = PlanParser.parse(plan);

        assertThat(parsed.errors()).extracting(PlanError::path).containsExactlyInAnyOrder("spot.targetCapacity", "spot.maxPrice",
                "rollout.stepsPercent[2]", "success.minCostSavingsPercent", "checkpoint.interval");
        assertThat(parsed.errors()).allSatisfy(e -> {
            assertThat(e.code()).isEqualTo("OUT_OF_RANGE");
            assertThat(e.hasLine()).isTrue();
        });
    }

    @Test
    void aPlanFromTheTopicWithAnAbsurdDurationOrAmountIsOutOfRange() throws IOException {
        MigrationPlan plan = PlanParser.parse(example("demo-fast.yaml")).plans().get(0);
        plan.getRollout().setStepIntervalMillis(Long.MAX_VALUE);
        plan.getSpot().setMaxPriceFractionOfOnDemand(null);
        plan.getSpot().setMaxPriceMicros(Long.MAX_VALUE);

        assertThat(PlanParser.validate(plan)).extracting(PlanError::path, PlanError::code).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("rollout.stepInterval", "OUT_OF_RANGE"),
                org.assertj.core.groups.Tuple.tuple("spot.maxPrice", "OUT_OF_RANGE"));
    }

    @Test
    void aRegionAwsDoesNotHaveIsRefused() throws IOException {
        String plan = example("demo-fast.yaml").replace("region: us-east-1", "region: us-east-9");

        assertThat(PlanParser.parse(plan).errors()).extracting(PlanError::location, PlanError::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("workloads[0].region (9:13)", "INVALID_VALUE"));
    }

    @Test
    void aBackupRegionWithoutTheGroupTheShareMovesToIsALocatedError() throws IOException {
        String without = example("demo-fast.yaml").replace("    region: us-east-1\n",
                "    region: us-east-1\n    backupRegion: us-east-2\n");
        String with = without.replace("    backupRegion: us-east-2\n",
                "    backupRegion: us-east-2\n    backupAutoScalingGroupName: nightly-etl-batch-backup\n");

        assertThat(PlanParser.parse(without).errors()).extracting(PlanError::code, e -> e.path().endsWith("backupAutoScalingGroupName"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("MISSING_FIELD", true));
        assertThat(PlanParser.parse(without).errors().get(0).message()).contains("us-east-2", "backupAutoScalingGroupName");
        ParsedPlans parsed = PlanParser.parse(with);
        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.plans().get(0).getWorkload().getBackupAutoScalingGroupName()).isEqualTo("nightly-etl-batch-backup");
    }

    @Test
    void aPlanMayOptOutOfReturningToSpotByItself() throws IOException {
        ParsedPlans byDefault = PlanParser.parse(example("demo-fast.yaml"));
        ParsedPlans optedOut = PlanParser.parse(example("demo-fast.yaml")
                .replace("  stepInterval: PT20S\n", "  stepInterval: PT20S\n  returnToSpotAfterRollback: false\n"));

        assertThat(byDefault.plans().get(0).getRollout().getReturnToSpotAfterRollback()).isTrue();
        assertThat(optedOut.errors()).isEmpty();
        assertThat(optedOut.plans().get(0).getRollout().getReturnToSpotAfterRollback()).isFalse();
    }

    @Test
    void aSpendCapIsReadInMicroUnitsOfItsCurrency() throws IOException {
        String plan = example("demo-fast.yaml") + "budget:\n  currency: USD\n  maxPerHour: 0.45\n  maxTotal: 12\n  warnAtPercent: 75\n";

        ParsedPlans parsed = PlanParser.parse(plan);

        assertThat(parsed.errors()).isEmpty();
        var budget = parsed.plans().get(0).getBudget();
        assertThat(budget.getCurrency()).isEqualTo("USD");
        assertThat(budget.getMaxPerHourMicros()).isEqualTo(450_000L);
        assertThat(budget.getMaxTotalMicros()).isEqualTo(12_000_000L);
        assertThat(budget.getWarnPercent()).isEqualTo(75.0);
    }

    @Test
    void aCapInAnUnknownCurrencyOrOneTheAccountIsNotKeptInIsALocatedError() throws IOException {
        String unknown = example("demo-fast.yaml") + "budget:\n  currency: ZZQ\n  maxTotal: 12\n";
        String euros = example("demo-fast.yaml") + "budget:\n  currency: EUR\n  maxTotal: 12\n";
        String empty = example("demo-fast.yaml") + "budget:\n  currency: USD\n";

        assertThat(PlanParser.parse(unknown).errors()).extracting(PlanError::path, PlanError::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("budget.currency", "UNKNOWN_CURRENCY"));
        assertThat(PlanParser.parse(unknown).errors().get(0).hasLine()).isTrue();
        assertThat(PlanParser.parse(euros).errors()).extracting(PlanError::code).containsExactly("UNSUPPORTED_CURRENCY");
        assertThat(PlanParser.parse(empty).errors()).extracting(PlanError::path, PlanError::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("budget", "MISSING_FIELD"));
    }

    static String laughs(int values) {
        // Nine levels of two aliases each over one list: values x 512 once expanded, from 18 aliases
        StringBuilder doc = new StringBuilder("a0: &a0 [").append(String.join(", ", java.util.Collections.nCopies(values, "lol")))
                .append("]\n");
        for (int i = 1; i < 10; i++) {
            doc.append("a").append(i).append(": &a").append(i).append(" [*a").append(i - 1).append(", *a").append(i - 1).append("]\n");
        }
        return doc.append("workloads: [*a9, *a9]\n").toString();
    }

    @Test
    void anAliasAmplifiedDocumentIsRefusedAtOnceWithOneError() {
        PlanParser.parse("name: warm-up\n"); // the parser's classes loaded, so the clock times the document alone
        long start = System.nanoTime();

        ParsedPlans parsed = PlanParser.parse(laughs(1000));

        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(1));
        assertThat(parsed.errors()).extracting(PlanError::code).containsExactly("PLAN_TOO_COMPLEX");
    }

    @Test
    void aSmallerAmplifiedDocumentAnswersWithTheFirstFiftyErrorsAndACount() {
        PlanParser.parse("name: warm-up\n");
        long start = System.nanoTime();

        // Given one workload of 1000 misspelt fields, listed 20 times through aliases
        StringBuilder doc = new StringBuilder("w: &w {");
        for (int i = 0; i < 1000; i++) {
            doc.append(i == 0 ? "" : ", ").append("typo").append(i).append(": 1");
        }
        doc.append("}\nworkloads: [").append(String.join(", ", java.util.Collections.nCopies(20, "*w"))).append("]\n");

        ParsedPlans parsed = PlanParser.parse(doc.toString());

        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(1));
        assertThat(parsed.errors()).hasSize(50);
        assertThat(parsed.errorCount()).isGreaterThan(20_000);
    }

    @Test
    void aLongTextAliasedManyTimesIsTooLargeLikeALongFile() throws IOException {
        // Given 100 KB of text and a list naming it twenty times: 2 MB once expanded (scalar aliases are not counted by SnakeYAML)
        String plan = example("demo-fast.yaml").replace("mode: live", "mode: live\ndescription: &s " + "y".repeat(100_000))
                .replace("[m5.large, m5a.large, m5n.large]", "[" + String.join(", ", java.util.Collections.nCopies(20, "*s")) + "]");

        assertThat(PlanParser.parse(plan).errors()).extracting(PlanError::code).containsExactly("PLAN_TOO_LARGE");
    }

    @Test
    void moreThanTwentyAliasesOfCollectionsAreRefused() {
        String doc = "a: &a [x]\nb: [" + String.join(", ", java.util.Collections.nCopies(21, "*a")) + "]\n";

        assertThat(PlanParser.parse(doc).errors()).extracting(PlanError::code).containsExactly("YAML_SYNTAX");
    }

    @Test
    void anAliasThatContainsItselfIsAnErrorNotAStackOverflow() {
        assertThat(PlanParser.parse("a: &a [1, *a]\nworkloads: *a\n").errors()).extracting(PlanError::code)
                .containsExactly("PLAN_TOO_COMPLEX");
    }

    @Test
    void aDocumentWithThousandsOfErrorsReportsTheFirstFiftyAndCountsTheRest() throws IOException {
        StringBuilder typos = new StringBuilder(example("demo-fast.yaml")).append("market:\n");
        for (int i = 0; i < 2000; i++) {
            typos.append("  typo").append(i).append(": 1\n");
        }

        ParsedPlans parsed = PlanParser.parse(typos.toString());

        assertThat(parsed.errors()).hasSize(50).allSatisfy(e -> assertThat(e.code()).isEqualTo("UNKNOWN_FIELD"));
        assertThat(parsed.omittedErrors()).isEqualTo(1950);
        assertThat(parsed.errorCount()).isEqualTo(2000);
        assertThat(parsed.valid()).isFalse();
    }

    @Test
    void theSizeLimitCountsBytesNotCharacters() throws IOException {
        // Given a plan whose description is 600 000 characters of 2 bytes each: under 1 MiB of characters, over it in bytes
        String plan = example("demo-fast.yaml").replace("mode: live", "mode: live\ndescription: " + "é".repeat(600_000));
        assertThat(plan.length()).isLessThan(PlanParser.MAX_BYTES);

        ParsedPlans parsed = PlanParser.parse(plan);

        assertThat(parsed.errors()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo("PLAN_TOO_LARGE");
            assertThat(e.message()).contains(Integer.toString(PlanParser.MAX_BYTES) + " bytes");
        });
    }

    @Test
    void bytesThatAreNotUtf8AreRefused() {
        assertThat(PlanParser.parse(new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xC3}, 100).errors())
                .extracting(PlanError::code).containsExactly("NOT_UTF8");
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
