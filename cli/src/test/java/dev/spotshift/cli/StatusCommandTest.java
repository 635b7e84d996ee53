package dev.spotshift.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The status table and the arguments `status PLAN` takes, without a broker. */
class StatusCommandTest {

    static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    static final String ETL = "demo-nightly-etl.nightly-etl-batch.821b3065b305";
    static final String REPORTS = "reports.report-gen.0f1e2d3c4b5a";
    static final String OLD = "demo-nightly-etl.nightly-etl-batch.5c6d7e8f9a0b";

    static MigrationStatus status(String planId, MigrationStage stage, int spot, int step, Duration ago) {
        MigrationStatus s = StatusViewTest.status(planId, stage, spot, step);
        s.setUpdatedAt(NOW.minus(ago));
        s.setPlanName(planId.substring(0, planId.indexOf('.')));
        s.setWorkloadName(planId.split("\\.")[1]);
        return s;
    }

    /** A plan finished two days ago, one at its second step whose first gate passed, one being voted on. */
    static List<MigrationStatus> plans() {
        MigrationStatus shifting = status(ETL, MigrationStage.SHIFTING, 50, 1, Duration.ofMinutes(3));
        shifting.setLastVerdict("step 0: PASS");
        return List.of(status(OLD, MigrationStage.COMPLETED, 100, 3, Duration.ofDays(2)), shifting,
                status(REPORTS, MigrationStage.VOTING, 0, -1, Duration.ofSeconds(20)));
    }

    static String table(List<MigrationStatus> latest, boolean all) {
        StringWriter text = new StringWriter();
        List<MigrationStatus> shown = StatusCommand.listed(latest, all);
        StatusCommand.table(shown, latest.size() - shown.size(), NOW, new PrintWriter(text, true));
        return text.toString();
    }

    @Test
    void listsOnlyLivePlansNewestFirstWithShortIdsNamesAndAges() {
        // Given a finished plan and two live ones (plans())
        // When the table is printed
        List<String> lines = table(plans(), false).lines().toList();
        // Then it has the live plans only, newest first, and says how many it left out
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("ID").contains("NAME", "STAGE", "SPOT", "STEP", "VERDICT", "SAVED", "UPDATED");
        assertThat(lines.get(1)).startsWith("0f1e2d3c  reports/report-gen").contains("VOTING", " 0%", "20s ago");
        assertThat(lines.get(2)).startsWith("821b3065  demo-nightly-etl/nightly-etl-batch")
                .contains("SHIFTING", "50%", "2/4", "step 1: PASS", "3m ago");
        assertThat(lines.get(3)).isEqualTo("1 finished plan not shown (--all lists it)");
        // And no full id or raw timestamp is printed
        assertThat(String.join("\n", lines)).doesNotContain(ETL, "2026-12-06T", "step 0");
    }

    @Test
    void listsFinishedPlansTooWithAll() {
        String text = table(plans(), true);
        assertThat(text.lines()).hasSize(4);
        assertThat(text).contains("5c6d7e8f", "COMPLETED", "4/4", "2d ago").doesNotContain("not shown");
    }

    @Test
    void linesUpTheColumnsWhateverTheirWidth() {
        List<String> lines = table(plans(), true).lines().toList();
        int stage = lines.get(0).indexOf("STAGE");
        int updated = lines.get(0).indexOf("UPDATED");
        for (String line : lines.subList(1, lines.size())) {
            assertThat(line.charAt(stage - 1)).isEqualTo(' ');
            assertThat(line.substring(stage)).matches("[A-Z_]+ .*");
            assertThat(line.substring(updated)).matches("\\d+[smhd] ago");
        }
    }

    @Test
    void saysWhenEveryPlanHasFinishedAndWhenThereAreNone() {
        assertThat(table(List.of(plans().get(0)), false).strip())
                .isEqualTo("No live migrations; 1 finished plan not shown (--all lists it).");
        assertThat(table(List.of(), false).strip()).isEqualTo("No migrations yet. Submit one with: spotshift plan submit FILE");
    }

    @Test
    void takesTheFullIdOrTheShortIdTheTableShows() {
        List<String> ids = List.of(ETL, REPORTS, OLD);
        assertThat(StatusCommand.resolve(ETL, ids)).isEqualTo(ETL);
        assertThat(StatusCommand.resolve("821b3065", ids)).isEqualTo(ETL);
        assertThat(StatusCommand.resolve("0f1e2d3c4b5a", ids)).isEqualTo(REPORTS);
    }

    @Test
    void leavesAnythingElseToTheUnknownPlanAnswer() {
        List<String> ids = List.of(ETL, REPORTS);
        assertThat(StatusCommand.resolve("no-such-plan", ids)).isEqualTo("no-such-plan");
        assertThat(StatusCommand.resolve("821", ids)).as("too short to be a short id").isEqualTo("821");
        assertThat(StatusCommand.resolve("nightly-etl-batch.821b3065b305", ids)).as("part of an id is no id")
                .isEqualTo("nightly-etl-batch.821b3065b305");
    }

    @Test
    void refusesAShortIdThatStartsSeveralPlansHashesNamingThem() {
        String twin = "other.w.821b3065ffff";
        assertThatThrownBy(() -> StatusCommand.resolve("821b3065", List.of(ETL, twin, REPORTS)))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("2 plans").hasMessageContaining(ETL).hasMessageContaining(twin);
    }
}
