package dev.spotshift.console.web;

import static dev.spotshift.console.PlanEvents.T0;
import static dev.spotshift.console.PlanEvents.errorRate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.console.PlanEvents;
import dev.spotshift.console.domain.Board;
import dev.spotshift.console.domain.KillSwitchState;
import dev.spotshift.console.domain.PlanView;
import dev.spotshift.events.GateResult;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.Reason;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PagesTest {

    private final PlanEvents plan = new PlanEvents("demo-nightly-etl.nightly_etl_batch.0123456789abcdef");
    private final Board board = new Board(100);

    private PlanView rolledBackPlan() {
        board.apply(plan.planId(), plan.submitted(T0));
        board.apply(plan.planId(), plan.status(MigrationStage.SHIFTING, 25, 0, T0.plusSeconds(10)));
        board.apply(plan.planId(), plan.verdict(0, GateResult.PASS, T0.plusSeconds(20), errorRate(0, 0)));
        board.apply(plan.planId(), plan.sample(T0.plusSeconds(21), 50, 90, 10));
        board.apply(plan.planId(), plan.rollbackCommand("cmd-1", T0.plusSeconds(22), errorRate(10, 0.01)));
        board.apply(plan.planId(), plan.rolledBack("cmd-1", 50, T0.plusSeconds(23)));
        board.apply(plan.planId(), plan.status(MigrationStage.ROLLED_BACK, 0, 1, T0.plusSeconds(25),
                new Reason("ROLLBACK_ERROR_RATE", "error rate <script>alert(1)</script> above 0.01 %", "thresholds")));
        return board.plan(plan.planId()).orElseThrow();
    }

    @Test
    void thePlanPageShowsStepsFromOneWithTheirGatesAndTheRollbackWithItsEvidence() {
        String html = PlanPage.fragment(rolledBackPlan(), T0.plusSeconds(85));
        assertThat(html).contains("data-stage=\"ROLLED_BACK\"", "data-spot=\"0\"")
                .contains("data-step=\"1\">step 1 · 25 %<br><span class=\"pass\">gate PASS</span>")
                .contains("data-step=\"4\">step 4 · 100 %")
                .doesNotContain("data-step=\"0\"");
        assertThat(html).contains("<tr class=\"rollback\">", "ERROR_RATE", "50 % → 0 %", "error_rate_percent")
                .contains("<td class=\"fail\">10</td><td>≤ 0.0100</td>");
        assertThat(html).contains("href=\"/plans/" + plan.planId() + "/audit\"");
        assertThat(html).contains("updated 1m 00s ago");
        // A threshold line and the breaching sample in red on the error-rate chart
        assertThat(html).contains("data-metric=\"error rate\"", "class=\"threshold\"", "class=\"breach\"");
    }

    @Test
    void aReasonIsTextNeverMarkupAndAFragmentIsOneLineForTheEventStream() {
        String html = PlanPage.fragment(rolledBackPlan(), T0.plusSeconds(30));
        assertThat(html).contains("error rate &lt;script&gt;alert(1)&lt;/script&gt; above 0.01 %")
                .doesNotContain("<script>alert");
        assertThat(html).doesNotContain("\n");
        assertThat(ListPage.fragment(board.plans(), T0, 0)).doesNotContain("\n");
    }

    @Test
    void theListSaysWhoFlippedTheKillSwitchAsTextAndOffersItsButtonsOutsideItsLivePart() {
        var engaged = Optional.of(new KillSwitchState.Flip(true, "ops-<b>ben</b>", "market <i>turmoil</i>", T0));
        String html = ListPage.fragment(board.plans(), T0.plusSeconds(90), 0, engaged);
        assertThat(html).contains("id=\"kill-switch\" data-engaged=\"true\"", "ENGAGED", "1m 30s ago",
                "<span id=\"kill-switch-operator\">ops-&lt;b&gt;ben&lt;/b&gt;</span>", "market &lt;i&gt;turmoil")
                .doesNotContain("<b>ben", "\n");
        assertThat(ListPage.fragment(board.plans(), T0, 0, Optional.of(new KillSwitchState.Flip(false, "ops", null, T0))))
                .contains("data-engaged=\"false\"", "released");
        assertThat(ListPage.fragment(board.plans(), T0, 0)).as("never flipped").doesNotContain("id=\"kill-switch\"");
        String page = ListPage.page(board.plans(), T0, 0, engaged);
        assertThat(page.substring(page.indexOf("</main>"))).contains("id=\"kill-switch-action\"", "/api/kill-switch",
                "data-engaged=\"true\"", "data-engaged=\"false\"", "spotshift-operate");
    }

    @Test
    void theListShowsShortIdsAgesAndOneBasedSteps() {
        rolledBackPlan();
        String html = ListPage.fragment(board.plans(), T0.plusSeconds(125), 0);
        assertThat(html).contains("<code>01234567</code>", "ROLLED_BACK", "<td>2/4</td>", "<td>2m 05s</td>")
                .contains("href=\"/plans/" + plan.planId() + "\"")
                .contains("0 live, 1 finished")
                .doesNotContain("unreadable");
        assertThat(ListPage.fragment(board.plans(), T0, 3)).contains("3 unreadable records skipped");
    }

    @Test
    void thePlanPageOffersTheOperatorActionsOutsideItsLivePartWithTheAddressEscaped() {
        String html = PlanPage.page(rolledBackPlan(), T0.plusSeconds(30));
        // after </main>: the stream's re-render of the live part leaves the token and the reason typed
        assertThat(html.substring(html.indexOf("</main>"))).contains("id=\"actions\"",
                "data-api=\"/api/plans/" + plan.planId() + "/actions/\"", "data-action=\"pause\"", "data-action=\"failover\"",
                "data-action=\"resume\"", "data-action=\"abort\"", "data-action=\"approve\"", "spotshift-operate");
        assertThat(PlanPage.actions("x\"><img src=y>")).contains("data-api=\"/api/plans/x&quot;&gt;&lt;img src=y&gt;/actions/\"")
                .doesNotContain("<img");
        assertThat(PlanPage.fragment(rolledBackPlan(), T0.plusSeconds(30))).doesNotContain("id=\"actions\"");
    }

    @Test
    void anUnknownPlanGetsAPageSayingSoWithTheIdEscaped() {
        String html = ListPage.notFound("<img src=x>");
        assertThat(html).contains("No such migration", "&lt;img src=x&gt;").doesNotContain("<img");
        assertThat(html).doesNotContain("EventSource");
    }

    @Test
    void unitsReadAsPeopleReadThem() {
        assertThat(Html.money(2_300)).isEqualTo("$0.0023");
        assertThat(Html.money(12_345_678)).isEqualTo("$12.35");
        assertThat(Html.perJob(2L)).isEqualTo("$0.000002");
        assertThat(Html.duration(java.time.Duration.ofSeconds(3725))).isEqualTo("1h 02m");
        assertThat(Html.clock(Instant.parse("2026-12-06T10:00:05Z"))).isEqualTo("10:00:05");
        assertThat(Html.number(55_540)).isEqualTo("55,540");
    }
}
