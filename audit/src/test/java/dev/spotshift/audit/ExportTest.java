package dev.spotshift.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExportTest {

    private final PlanAudit audit = PlanAudit.of(PlanStory.approved().stepped().rolledBackOnErrorRate().withLiveStatus());

    @Test
    void exportsOneCsvRowPerEventInTimelineOrder() {
        // When exported as CSV
        List<String> lines = Export.csv(List.of(audit)).lines().toList();

        // Then a header and one row per event, the first the submission, the last the rollback
        assertThat(lines).hasSize(1 + audit.timeline().size());
        assertThat(lines.get(0)).startsWith("planId,occurredAt,type,eventId,causationId");
        assertThat(lines.get(1)).contains("MigrationPlanSubmitted");
        assertThat(lines.get(lines.size() - 1)).contains("RolledBack").contains("trigger=ERROR_RATE");
    }

    @Test
    void exportsJsonWithEventsFindingsAndBothStatuses() {
        // When exported as JSON
        String json = Export.json(List.of(audit));

        // Then the plan, its verdict, both statuses and the events with their measurements are there
        assertThat(json).startsWith("{\"plans\":[{\"planId\":\"" + PlanStory.PLAN + "\",\"passed\":true")
                .contains("\"replayedStatus\":{\"stage\":\"ROLLED_BACK\"").contains("\"liveStatus\":{")
                .contains("\"findings\":[]").contains("\"metric\":\"errorRatePercent\",\"observed\":2.5");
    }

    @Test
    void summarisesEveryPlanWithRollbacksByTrigger() {
        // Given two plans, one rolled back on its error rate, one still shifting
        PlanAudit shifting = PlanAudit.of(PlanStory.approved().stepped().withLiveStatus());

        // When summarised
        StringWriter out = new StringWriter();
        FleetSummary.of(List.of(audit, shifting)).print(new PrintWriter(out));

        // Then outcomes and rollback triggers are counted
        assertThat(out.toString()).contains("plans: 2 (0 failed verification)")
                .contains("ROLLED_BACK=1").contains("SHIFTING=1").contains("rollbacks by trigger: {ERROR_RATE=1}");
    }
}
