package dev.spotshift.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.SpotCapacityReaped;
import dev.spotshift.schemas.Envelopes;
import dev.spotshift.schemas.Topics;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reaper's announcement as the executor publishes it, decoded the way the replay decodes the log. */
class ReaperEventsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T03:00:00Z"), ZoneOffset.UTC);

    @Test
    void reapedCapacityIsInTheTimelineAndTheFleetSummarysOrphanCount() {
        // Given the executor's announcements of two orphans under a plan id no executor knew, one terminated and
        // one only reported
        String plan = "unknown.plan.0123456789ab";
        AuditEvent terminated = decoded(reaped(plan, "i-0aaa", true), 0);
        AuditEvent reported = decoded(reaped(plan, "i-0bbb", false), 1);

        // When the plan's history is audited and summarised
        List<AuditEvent> events = List.of(terminated, reported);
        PlanAudit audit = PlanAudit.of(PlanHistory.of(plan, events,
                ReplayedStatus.fold(plan, TimelineOrder.order(events))));
        FleetSummary summary = FleetSummary.of(List.of(audit));

        // Then each is a reaper event of its own on the timeline, with what the reaper did to it
        assertThat(audit.timeline()).extracting(AuditEvent::type)
                .containsOnly(EventType.CAPACITY_REAPED).hasSize(2);
        assertThat(terminated.label("terminated")).isEqualTo("true");
        assertThat(terminated.summary()).contains("i-0aaa terminated by the reaper");
        assertThat(reported.summary()).contains("i-0bbb found by the reaper, still running");
        // and both are orphans, one still running, none of them a plan
        assertThat(summary.orphanedCapacityReports()).isEqualTo(2);
        assertThat(summary.orphansStillRunning()).isEqualTo(1);
        assertThat(summary.plans()).isZero();
    }

    private static AuditEvent decoded(RolloutEvent e, long offset) {
        AuditEvent decoded = EventDecoder.decode(e, Topics.ROLLOUT_EVENTS.name(), 0, offset);
        assertThat(decoded).isNotNull();
        return decoded;
    }

    private static RolloutEvent reaped(String plan, String instance, boolean terminated) {
        return RolloutEvent.newBuilder()
                .setEnvelope(Envelopes.next(plan, "executor-service/test", null, CLOCK))
                .setSpotPercent(0).setStage(MigrationStage.UNKNOWN_STAGE)
                .setPayload(SpotCapacityReaped.newBuilder().setInstanceId(instance).setInstanceType("m5.large")
                        .setAvailabilityZone("us-east-1a").setPlanKnown(false).setTerminated(terminated)
                        .setReason(terminated ? "plan unknown" : "plan unknown; dry-run").build())
                .build();
    }
}
