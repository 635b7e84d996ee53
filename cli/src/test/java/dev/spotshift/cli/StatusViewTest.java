package dev.spotshift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.Reason;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusViewTest {

    static MigrationStatus status(String planId, MigrationStage stage, int spot, int step) {
        return MigrationStatus.newBuilder().setPlanId(planId).setStage(stage)
                .setTerminal(ExitCodes.forStage(stage) != ExitCodes.IN_PROGRESS)
                .setSpotPercent(spot).setStepIndex(step).setStepsPercent(List.of(25, 50, 75, 100))
                .setUpdatedAt(Instant.parse("2025-01-01T02:00:00Z")).setLastEventId("e1").build();
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
}
