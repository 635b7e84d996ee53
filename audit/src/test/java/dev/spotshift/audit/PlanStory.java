package dev.spotshift.audit;

import dev.spotshift.events.MigrationStage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a plan's history event by event for the domain tests, each event answering the one named,
 * stamped a second after the previous and on the plan's one trace.
 */
final class PlanStory {

    static final String PLAN = "nightly-etl.etl-batch.0123456789ab";
    static final String TRACE = "0af7651916cd43dd8448eb211c80319c";

    private final List<AuditEvent> events = new ArrayList<>();
    private Instant clock = Instant.parse("2025-03-01T02:00:00Z");
    private int n;

    /** The happy path up to an approved decision: submission, assessment, three votes, decision. */
    static PlanStory approved() {
        PlanStory s = new PlanStory();
        s.add(s.draft(EventType.MIGRATION_PLAN_SUBMITTED, "submitted", null).stage(MigrationStage.SUBMITTED)
                .number(Thresholds.ERROR_RATE, 0.01).number(Thresholds.BASELINE_JOB_MILLIS, 60_000));
        s.add(s.draft(EventType.OPPORTUNITY_ASSESSED, "assessed", "submitted").stage(MigrationStage.ASSESSED)
                .number("expectedSavingsPercent", 62.5));
        for (String agent : List.of("PERFORMANCE", "RESOURCE", "APPLICATION")) {
            s.add(s.draft(EventType.AGENT_VOTE, "vote-" + agent, "assessed").stage(MigrationStage.VOTING)
                    .label("agent", agent).label("verdict", "APPROVE").number("confidence", 0.9));
        }
        s.add(s.draft(EventType.MIGRATION_DECISION, "decision", "vote-APPLICATION").stage(MigrationStage.APPROVED)
                .label("outcome", "APPROVED").reference("vote-PERFORMANCE").reference("vote-RESOURCE")
                .reference("vote-APPLICATION"));
        return s;
    }

    /** Then one step to 25 % spot, completed. */
    PlanStory stepped() {
        add(rollout(EventType.ROLLOUT_STEP_STARTED, "step-0", "decision", MigrationStage.SHIFTING, 25)
                .number("toSpotPercent", 25));
        add(draft(EventType.GATE_VERDICT, "gate-0", "step-0").label("result", "PASS")
                .measure(new Measure("errorRatePercent", 0.0, 0.01, "LESS_OR_EQUAL", 0.0, true)));
        add(rollout(EventType.ROLLOUT_STEP_COMPLETED, "step-0-done", "gate-0", MigrationStage.SHIFTING, 25)
                .reference("gate-0"));
        return this;
    }

    /** Then a metric sample breaches, the monitor orders a full rollback and the executor carries it out. */
    PlanStory rolledBackOnErrorRate() {
        add(draft(EventType.METRIC_SAMPLE, "sample", null).number(MetricFigures.ERROR_RATE, 2.5));
        add(draft(EventType.ROLLBACK_COMMAND, "rollback-cmd", "sample").label("trigger", "ERROR_RATE")
                .label("level", "FULL").reference("sample")
                .measure(new Measure("errorRatePercent", 2.5, 0.01, "LESS_OR_EQUAL", 0.0, false)));
        add(rollout(EventType.ROLLED_BACK, "rolled-back", "rollback-cmd", MigrationStage.ROLLED_BACK, 0)
                .label("trigger", "ERROR_RATE").label("level", "FULL"));
        return this;
    }

    PlanStory with(EventDraft draft) {
        add(draft);
        return this;
    }

    EventDraft draft(EventType type, String id, String cause) {
        clock = clock.plus(Duration.ofSeconds(1));
        return new EventDraft(type, id).at("topic", 0, n++).plan(PLAN).cause(cause).occurredAt(clock)
                .producer("test/1").trace(TRACE).summary(type.eventName() + " " + id);
    }

    EventDraft rollout(EventType type, String id, String cause, MigrationStage stage, int spot) {
        return draft(type, id, cause).stage(stage).spot(spot);
    }

    List<AuditEvent> events() {
        return List.copyOf(events);
    }

    /** The history with the status the monitor would have written for it. */
    PlanHistory withLiveStatus() {
        return PlanHistory.of(PLAN, events, ReplayedStatus.fold(PLAN, TimelineOrder.order(events)));
    }

    PlanHistory withLiveStatus(MigrationStage stage, int spot) {
        StatusSnapshot s = ReplayedStatus.fold(PLAN, TimelineOrder.order(events));
        return PlanHistory.of(PLAN, events, new StatusSnapshot(PLAN, stage, s.terminal(), spot, s.rollbacks(),
                s.interruptionsHandled(), 0, 0, s.updatedAt(), s.lastEventId()));
    }

    private void add(EventDraft d) {
        events.add(d.build());
    }
}
