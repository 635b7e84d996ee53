package dev.spotshift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.Reason;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusViewTest {

    static MigrationStatus status(String planId, MigrationStage stage, int spot, int step) {
        return MigrationStatus.newBuilder().setPlanId(planId).setStage(stage)
                .setTerminal(ExitCodes.forStage(stage) != ExitCodes.IN_PROGRESS)
                .setSpotPercent(spot).setStepIndex(step).setStepsPercent(List.of(25, 50, 75, 100))
                .setUpdatedAt(Instant.parse("2025-01-01T02:00:00Z")).setLastEventId("e1").build();
    }

    @Test
    void listsEachSuccessCriterionWithItsThresholdAndMeasuredValue() {
        // Given a plan whose validation period saved 45 % against a 50 % criterion
        MigrationStatus s = status("p", MigrationStage.ROLLED_BACK, 0, 3);
        s.setCriteria(dev.spotshift.events.CriteriaReport.newBuilder()
                .setResult(dev.spotshift.events.GateResult.FAIL)
                .setMeasurements(List.of(
                        measurement("job_completion_rate_percent", 100.0, 99.9, true),
                        measurement("cost_savings_percent", 45.0, 50.0, false)))
                .setWindowStart(Instant.parse("2025-01-01T00:00:00Z"))
                .setWindowEnd(Instant.parse("2025-01-03T00:00:00Z")).build());

        // When it is shown
        List<String> lines = StatusView.criteria(s);

        // Then each criterion reads with its measured value, its threshold and whether it held
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("job_completion_rate_percent", "100.000", ">= 99.900", "held");
        assertThat(lines.get(1)).contains("cost_savings_percent", "45.000", ">= 50.000", "MISSED");
        assertThat(StatusView.json(s)).extractingByKey("criteria").asString()
                .contains("cost_savings_percent", "observed=45.0", "threshold=50.0", "passed=false", "result=FAIL");
    }

    @Test
    void listsEachReviewSignalWithItsFigureBoundAndWhetherItIsStillOpen() {
        // Given a plan whose CPU raised seed 000's scale review, still open
        MigrationStatus s = status("p", MigrationStage.SHIFTING, 50, 1);
        dev.spotshift.events.Measurement cpu = dev.spotshift.events.Measurement.newBuilder()
                .setMetric("cpu_utilisation_percent").setObserved(91.0).setThreshold(80.0)
                .setComparator(dev.spotshift.events.Comparator.LESS_OR_EQUAL).setPassed(false).build();
        s.setReviews(List.of(dev.spotshift.events.ReviewSummary.newBuilder().setAction("scale_review")
                .setMeasurement(cpu).setOpen(true).setRaised(1)
                .setChangedAt(Instant.parse("2025-01-01T01:00:00Z")).build()));

        // When it is shown
        List<String> lines = StatusView.reviews(s);

        // Then the review reads with its figure and bound, open; watch sees it as news, and json carries it
        assertThat(lines).singleElement().asString()
                .contains("scale_review", "cpu_utilisation_percent", "91.000", "<= 80.000", "OPEN", "raised 1x");
        assertThat(StatusView.reviewsChanged(status("p", MigrationStage.SHIFTING, 50, 1), s)).isTrue();
        assertThat(StatusView.reviewsChanged(s, s)).isFalse();
        assertThat(StatusView.json(s)).extractingByKey("reviews").asString()
                .contains("action=scale_review", "observed=91.0", "open=true");
    }

    @Test
    void showsNoCriteriaBeforeTheValidationPeriodWasJudged() {
        assertThat(StatusView.criteria(status("p", MigrationStage.VALIDATING, 100, 3))).isEmpty();
    }

    private static dev.spotshift.events.Measurement measurement(String metric, double observed, double threshold,
                                                                boolean passed) {
        return dev.spotshift.events.Measurement.newBuilder().setMetric(metric).setObserved(observed)
                .setThreshold(threshold).setComparator(dev.spotshift.events.Comparator.GREATER_OR_EQUAL)
                .setPassed(passed).build();
    }

    @Test
    void fillsOneSegmentPerStepUpToTheSpotShare() {
        // Given steps 25/50/75/100 and half of the capacity on spot
        // When the bar is drawn
        String bar = StatusView.progressBar(List.of(25, 50, 75, 100), 50, StatusView.Glyphs.ASCII);
        // Then the first two segments are full and the last two empty
        assertThat(bar).isEqualTo("[######|######|......|......]");
    }

    @Test
    void fillsAPartOfTheSegmentOfAStepInProgress() {
        String bar = StatusView.progressBar(List.of(50, 100), 25, StatusView.Glyphs.ASCII);
        assertThat(bar).isEqualTo("[###...|......]");
    }

    @Test
    void showsFractionsOfACentWithFourDecimalsAndDollarsWithTwo() {
        assertThat(StatusView.money(12_345)).isEqualTo("$0.0123");
        assertThat(StatusView.money(1_234_567_890)).isEqualTo("$1,234.57");
    }

    @Test
    void numbersStepsFromOneForPeople() {
        assertThat(StatusView.step(status("p", MigrationStage.SHIFTING, 50, 1))).isEqualTo("step 2/4");
        assertThat(StatusView.step(status("p", MigrationStage.BASELINE, 0, -1))).isEqualTo("-");
    }

    @Test
    void putsTheRollbackReasonAndItsCodeInOneLine() {
        MigrationStatus s = status("p", MigrationStage.ROLLED_BACK, 0, 1);
        s.setReasons(List.of(Reason.newBuilder().setCode("ERROR_RATE").setMessage("error rate 2.5 % > 0.01 %").build()));
        assertThat(StatusView.reasons(s)).isEqualTo("ERROR_RATE: error rate 2.5 % > 0.01 %");
        assertThat(StatusView.json(s)).containsEntry("stage", "ROLLED_BACK").containsEntry("exitCode", ExitCodes.ROLLED_BACK);
    }

    @Test
    void showsTheCostAccountWithTheCostPerJobAgainstTheBaseline() {
        MigrationStatus s = status("p", MigrationStage.COMPLETED, 100, 3);
        assertThat(StatusView.accounting(s)).isEmpty();
        assertThat(StatusView.json(s)).containsEntry("accounting", null);
        s.setAccounting(dev.spotshift.events.PlanAccounting.newBuilder().setSpotHours(1.5).setOnDemandHours(0.25)
                .setCostMicros(60_000).setOnDemandCostMicros(200_000).setJobsCompleted(400).setJobsFailed(2)
                .setCostPerJobMicros(1_500L).setBaselineCostPerJobMicros(5_000L).setCostPerJobPercentOfBaseline(30.0).build());

        assertThat(StatusView.accounting(s))
                .isEqualTo("1.50 h spot / 15.0 min on-demand, 400 jobs (2 failed), $0.001500 per job (30 % of the baseline's $0.005000)");
        assertThat(StatusView.json(s)).extractingByKey("accounting").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("costPerJobPercentOfBaseline", 30.0).containsEntry("jobsCompleted", 400L);
    }

    @Test
    void showsDemoScaleAccountsInSecondsAndMicroDollars() {
        assertThat(StatusView.capacityTime(36 / 3600.0)).isEqualTo("36 s");
        assertThat(StatusView.capacityTime(0.5)).isEqualTo("30.0 min");
        assertThat(StatusView.perJobMoney(3)).isEqualTo("$0.000003");
        assertThat(StatusView.perJobMoney(25_000)).isEqualTo("$0.0250");
    }

    @Test
    void mapsEveryFinalStageToItsOwnExitCode() {
        assertThat(ExitCodes.forStage(MigrationStage.COMPLETED)).isZero();
        assertThat(ExitCodes.forStage(MigrationStage.ROLLED_BACK)).isEqualTo(4);
        assertThat(ExitCodes.forStage(MigrationStage.DECLINED)).isEqualTo(5);
        assertThat(ExitCodes.forStage(MigrationStage.ABORTED)).isEqualTo(6);
        assertThat(ExitCodes.forStage(MigrationStage.SHIFTING)).isEqualTo(8);
    }
    @Test
    void numbersTheVerdictsStepAsTheStepColumnDoes() {
        // Given a plan at its second step whose first gate passed (the monitor writes "step 0: PASS")
        MigrationStatus s = status("p", MigrationStage.SHIFTING, 50, 1);
        s.setLastVerdict("step 0: PASS");
        // Then the verdict names step 1, the step the STEP column called 1/4, and the line says so too
        assertThat(StatusView.verdict(s)).isEqualTo("step 1: PASS");
        assertThat(StatusView.stepOfCount(s)).isEqualTo("2/4");
        assertThat(StatusView.line(s, StatusView.Glyphs.ASCII)).contains("step 2/4", "verdict step 1: PASS")
                .doesNotContain("step 0");
        s.setLastVerdict(null);
        assertThat(StatusView.verdict(s)).isEqualTo("-");
        s.setLastVerdict("HOLD (operator)");
        assertThat(StatusView.verdict(s)).isEqualTo("HOLD (operator)");
    }

    @Test
    void showsAgesInTheirLargestWholeUnit() {
        Instant now = Instant.parse("2026-12-06T12:00:00Z");
        assertThat(StatusView.age(now.minusSeconds(45), now)).isEqualTo("45s");
        assertThat(StatusView.age(now.minusSeconds(3 * 60 + 59), now)).isEqualTo("3m");
        assertThat(StatusView.age(now.minusSeconds(2 * 3600 + 1800), now)).isEqualTo("2h");
        assertThat(StatusView.age(now.minusSeconds(5 * 86_400), now)).isEqualTo("5d");
        assertThat(StatusView.age(now.plusSeconds(3), now)).as("a clock ahead of ours").isEqualTo("0s");
    }

    @Test
    void namesAMigrationByItsPlanAndWorkload() {
        MigrationStatus s = status("p", MigrationStage.SHIFTING, 50, 1);
        assertThat(StatusView.name(s)).isEqualTo("-");
        s.setWorkloadName("nightly-etl-batch");
        assertThat(StatusView.name(s)).isEqualTo("nightly-etl-batch");
        s.setPlanName("nightly-etl-pilot");
        assertThat(StatusView.name(s)).isEqualTo("nightly-etl-pilot/nightly-etl-batch");
    }

    @Test
    void shortensIdsToTheStartOfTheirHashAsFarAsKeepsThemApart() {
        // Given three plans, two of whose hashes share their first nine characters
        String a = "demo-nightly-etl.nightly-etl-batch.821b3065b305";
        String b = "demo-nightly-etl.nightly-etl-batch.821b3065c999";
        String c = "reports.report-gen.0f1e2d3c4b5a";
        // When their short ids are made
        Map<String, String> ids = StatusView.shortIds(List.of(a, b, c));
        // Then each is 8 to 12 characters of its hash, only as long as it must be to name one plan
        assertThat(ids).containsEntry(a, "821b3065b").containsEntry(b, "821b3065c").containsEntry(c, "0f1e2d3c");
        assertThat(ids.values()).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).hasSizeBetween(8, 12));
    }

    @Test
    void keepsTheFullIdWhenNoTwelveCharactersTellPlansApart() {
        String a = "one.w.aaaaaaaaaaaa1";
        String b = "two.w.aaaaaaaaaaaa2";
        String plain = "plan-7";
        Map<String, String> ids = StatusView.shortIds(List.of(a, b, plain));
        assertThat(ids).containsEntry(a, a).containsEntry(b, b).containsEntry(plain, "plan-7");
    }
}
