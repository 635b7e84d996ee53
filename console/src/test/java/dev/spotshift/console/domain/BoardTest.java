package dev.spotshift.console.domain;

import static dev.spotshift.console.PlanEvents.T0;
import static dev.spotshift.console.PlanEvents.errorRate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.console.PlanEvents;
import dev.spotshift.events.GateResult;
import dev.spotshift.events.GateVerdict;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BoardTest {

    private final PlanEvents plan = new PlanEvents("demo-nightly-etl.nightly_etl_batch.0123456789ab");
    private final Board board = new Board(100);

    @Test
    void showsAPlanOnceItsStatusOrSubmissionIsKnownAndNotBefore() {
        // Given only a gate verdict of a plan the console has not seen submitted
        assertThat(board.apply(plan.planId(), plan.verdict(0, GateResult.PASS, T0))).isEmpty();
        // Then the plan is not shown
        assertThat(board.plan(plan.planId())).isEmpty();
        assertThat(board.plans()).isEmpty();
        // When its status arrives
        assertThat(board.apply(plan.planId(), plan.status(MigrationStage.SHIFTING, 25, 0, T0.plusSeconds(1))))
                .contains(plan.planId());
        // Then it is shown with the verdict that came first
        PlanView v = board.plan(plan.planId()).orElseThrow();
        assertThat(v.progress().stage()).isEqualTo("SHIFTING");
        assertThat(v.verdicts()).extracting(PlanView.Verdict::result).containsExactly("PASS");
    }

    @Test
    void keepsTheStagesAPlanPassedInOrderAndIgnoresAnOlderStatus() {
        board.apply(plan.planId(), plan.submitted(T0));
        board.apply(plan.planId(), plan.status(MigrationStage.APPROVED, 0, -1, T0.plusSeconds(2)));
        board.apply(plan.planId(), plan.status(MigrationStage.SHIFTING, 25, 0, T0.plusSeconds(10)));
        board.apply(plan.planId(), plan.status(MigrationStage.SHIFTING, 50, 1, T0.plusSeconds(20)));
        // An older status read late (another partition's order) changes nothing
        assertThat(board.apply(plan.planId(), plan.status(MigrationStage.APPROVED, 0, -1, T0.plusSeconds(3)))).isEmpty();

        PlanView v = board.plan(plan.planId()).orElseThrow();
        assertThat(v.stages()).extracting(PlanView.StageEntry::stage).containsExactly("APPROVED", "SHIFTING");
        assertThat(v.progress().spotPercent()).isEqualTo(50);
        assertThat(v.progress().stageSince()).isEqualTo(T0.plusSeconds(10));
        // The demo plan: 4 steps of 10 s + 8 s window, twice, plus a minute
        assertThat(v.progress().stageBudget()).isEqualTo(Duration.ofSeconds(2 * 4 * 18 + 60));
        assertThat(v.identity().planName()).isEqualTo("demo-nightly-etl");
        assertThat(v.identity().mode()).isEqualTo("LIVE");
    }

    @Test
    void aRollbackCarriesTheMonitorsCommandAsItsEvidence() {
        board.apply(plan.planId(), plan.status(MigrationStage.SHIFTING, 50, 1, T0));
        board.apply(plan.planId(), plan.rollbackCommand("cmd-1", T0.plusSeconds(1), errorRate(8.5, 0.01)));
        board.apply(plan.planId(), plan.rolledBack("cmd-1", 50, T0.plusSeconds(2)));

        PlanView.Rollback r = board.plan(plan.planId()).orElseThrow().rollbacks().get(0);
        assertThat(r.trigger()).isEqualTo("ERROR_RATE");
        assertThat(r.fromSpotPercent()).isEqualTo(50);
        assertThat(r.toSpotPercent()).isZero();
        assertThat(r.evidence()).singleElement().satisfies(m -> {
            assertThat(m.metric()).isEqualTo("error_rate_percent");
            assertThat(m.observed()).isEqualTo(8.5);
            assertThat(m.passed()).isFalse();
        });
        assertThat(r.windowStart()).isEqualTo(T0.minusSeconds(4));
    }

    @Test
    void anEventReadTwiceCountsOnce() {
        board.apply(plan.planId(), plan.status(MigrationStage.SHIFTING, 25, 0, T0));
        GateVerdict verdict = plan.verdict(0, GateResult.PASS, T0);
        board.apply(plan.planId(), verdict);
        assertThat(board.apply(plan.planId(), verdict)).isEmpty();
        assertThat(board.plan(plan.planId()).orElseThrow().verdicts()).hasSize(1);
    }

    @Test
    void drawsSamplesAsErrorRateAgainstThePlansImmediateThresholdKeepingTheLatestOnly() {
        Board small = new Board(3);
        small.apply(plan.planId(), plan.submitted(T0));
        for (int i = 0; i < 5; i++) {
            small.apply(plan.planId(), plan.sample(T0.plusSeconds(i), 50, 90, i == 4 ? 10 : 0));
        }
        PlanView.Series errors = small.plan(plan.planId()).orElseThrow().series().stream()
                .filter(s -> s.metric().equals("error rate")).findFirst().orElseThrow();
        assertThat(errors.threshold()).isEqualTo(0.01);
        assertThat(errors.points()).extracting(PlanView.Point::value).containsExactly(0.0, 0.0, 10.0);
        // The list and the gauges do without the series
        assertThat(small.summary(plan.planId()).orElseThrow().series()).isEmpty();
    }

    @Test
    void listsLivePlansBeforeFinishedOnesNewestFirst() {
        PlanEvents done = new PlanEvents("done.w.aaaaaaaaaaaa");
        PlanEvents older = new PlanEvents("older.w.bbbbbbbbbbbb");
        board.apply(done.planId(), done.status(MigrationStage.COMPLETED, 100, 3, T0.plusSeconds(30)));
        board.apply(older.planId(), older.status(MigrationStage.SHIFTING, 25, 0, T0));
        board.apply(plan.planId(), plan.status(MigrationStage.SHIFTING, 50, 1, T0.plusSeconds(10)));
        assertThat(board.plans()).extracting(PlanView::planId)
                .containsExactly(plan.planId(), older.planId(), done.planId());
        MigrationStatus s = done.status(MigrationStage.COMPLETED, 100, 3, T0);
        assertThat(s.getTerminal()).isTrue();
        assertThat(board.plan(done.planId()).orElseThrow().progress().stageBudget()).isNull();
    }
}
