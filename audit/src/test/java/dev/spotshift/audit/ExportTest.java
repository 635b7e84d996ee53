package dev.spotshift.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.MigrationStage;
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

    @Test
    void countsWhatTheReaperFoundAsOrphansNotAsPlans() {
        // Given a completed plan whose leftover replacement the reaper terminated, and capacity tagged with a plan
        // id the executor never knew, which it could only report
        PlanStory finished = PlanStory.approved().stepped();
        finished.with(finished.rollout(EventType.CAPACITY_REAPED, "reaped", "step-0-done", MigrationStage.COMPLETED, 100)
                .label("terminated", true).label("planKnown", true));
        PlanStory stranger = new PlanStory();
        stranger.with(stranger.draft(EventType.CAPACITY_REAPED, "reaped-unknown", null).label("terminated", false)
                .label("planKnown", false));

        // When summarised
        StringWriter out = new StringWriter();
        FleetSummary.of(List.of(PlanAudit.of(finished.withLiveStatus()), PlanAudit.of(stranger.withLiveStatus())))
                .print(new PrintWriter(out));

        // Then both instances are orphans, one still running, and only the real plan counts as a plan
        assertThat(out.toString()).contains("plans: 1 ")
                .contains("orphaned capacity found: 2 instance(s), 1 not terminated");
    }
}
