package dev.spotshift.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.audit.Finding.Rule;
import dev.spotshift.infra.LocalInfra;
import dev.spotshift.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * One plan's replay reads its partitions as bytes and decodes only the records under its own key (real KRaft broker and
 * Apicurio Registry, started once per test JVM). So other plans' records beside it cost no decode, and their garbage is
 * not this plan's problem; an undecodable record under its own key is still reported, with where and why.
 */
class ReplayAmongOtherPlansTest {

    private final LocalInfra infra = LocalInfra.shared();

    @Test
    void replaysAPlansWholeHistoryInOrderWhenOtherPlansEventsAreInterleavedOnItsPartitions() {
        String planId = PlanOnTheLog.newPlanId();
        try (PlanOnTheLog log = new PlanOnTheLog(infra.bootstrapServers(), infra.registryUrl(), planId);
             PlanOnTheLog second = beside(planId);
             PlanOnTheLog third = beside(planId);
             Replay replay = Replay.connect(infra.bootstrapServers(), infra.registryUrl())) {
            // Given the plan's history written turn about with two other plans' histories on the same partitions
            List<String> published = log.publishRolledBackHistoryAmong(List.of(second, third));

            // When the plan is replayed
            PlanAudit audit = PlanAudit.of(replay.plan(planId, null, null));

            // Then all of its events are back, in causal order, none of the others', and nothing was unreadable
            assertThat(audit.timeline()).extracting(AuditEvent::eventId).containsExactlyElementsOf(published);
            assertThat(audit.timeline()).extracting(AuditEvent::planId).containsOnly(planId);
            assertThat(audit.history().problems()).isEmpty();
            assertThat(audit.verification().findings()).isEmpty();
        }
    }

    @Test
    void anotherPlansUndecodableRecordOnTheSamePartitionIsNoProblemOfThisPlanAndTheReplayGoesOn() {
        String planId = PlanOnTheLog.newPlanId();
        try (PlanOnTheLog log = new PlanOnTheLog(infra.bootstrapServers(), infra.registryUrl(), planId);
             PlanOnTheLog other = beside(planId);
             Replay replay = Replay.connect(infra.bootstrapServers(), infra.registryUrl())) {
            // Given garbage under another plan's key on this plan's rollout-events and metrics partitions, between
            // this plan's records (its rollback follows the garbage on both)
            List<String> first = log.publishRolledBackHistory();
            long garbage = other.publishGarbage(Topics.ROLLOUT_EVENTS);
            other.publishGarbage(Topics.WORKLOAD_METRICS);
            String after = log.publishEffectWithMissingCause();

            // When this plan is replayed
            PlanHistory history = replay.plan(planId, null, null);

            // Then the garbage was passed by undecoded: no problem of this plan, and its records after it are read
            assertThat(history.problems()).isEmpty();
            assertThat(history.events()).extracting(AuditEvent::eventId).containsAll(first).contains(after);
            assertThat(PlanAudit.of(history).verification().findings())
                    .noneMatch(f -> f.rule() == Rule.UNDECODABLE_RECORD);

            // And the other plan's own replay is where it is reported
            assertThat(replay.plan(other.planId, null, null).problems())
                    .anySatisfy(p -> {
                        assertThat(p.topic()).isEqualTo(Topics.ROLLOUT_EVENTS.name());
                        assertThat(p.offset()).isEqualTo(garbage);
                    });
        }
    }

    @Test
    void thisPlansUndecodableRecordIsReportedWithTopicPartitionOffsetAndReasonAndTheRestIsStillRead() {
        String planId = PlanOnTheLog.newPlanId();
        try (PlanOnTheLog log = new PlanOnTheLog(infra.bootstrapServers(), infra.registryUrl(), planId);
             Replay replay = Replay.connect(infra.bootstrapServers(), infra.registryUrl())) {
            // Given the plan's history, then garbage under its own key on rollout-events, then one more of its events
            List<String> published = log.publishRolledBackHistory();
            long garbage = log.publishGarbage(Topics.ROLLOUT_EVENTS);
            String after = log.publishEffectWithMissingCause();

            // When the plan is replayed
            PlanHistory history = replay.plan(planId, null, null);

            // Then the garbage is one problem naming where it is and why it does not decode
            assertThat(history.problems()).singleElement().satisfies(p -> {
                assertThat(p.topic()).isEqualTo(Topics.ROLLOUT_EVENTS.name());
                assertThat(p.partition()).isEqualTo(partitionOf(planId));
                assertThat(p.offset()).isEqualTo(garbage);
                // the deserializer's own words after ours (Apicurio's differ between versions)
                assertThat(p.message()).startsWith("undecodable: ").hasSizeGreaterThan("undecodable: ".length() + 5);
            });
            // And the replay read past it: every event is back, the one written after the garbage too
            assertThat(history.events()).extracting(AuditEvent::eventId).containsAll(published).contains(after);
            // And verification names it
            assertThat(PlanAudit.of(history).verification().findings())
                    .anySatisfy(f -> {
                        assertThat(f.rule()).isEqualTo(Rule.UNDECODABLE_RECORD);
                        assertThat(f.message()).contains(Topics.ROLLOUT_EVENTS.name() + "/" + partitionOf(planId)
                                + "@" + garbage);
                    });
        }
    }

    @Test
    void anUndecodableStatusRecordMetWhileReplayingEveryPlanIsReportedAmongTheUnreadableRecordsAndOnNoPlan() {
        java.time.Instant since = java.time.Instant.now().minusSeconds(600);
        String planId = PlanOnTheLog.newPlanId();
        try (PlanOnTheLog log = new PlanOnTheLog(infra.bootstrapServers(), infra.registryUrl(), planId);
             PlanOnTheLog other = beside(planId);
             Replay replay = Replay.connect(infra.bootstrapServers(), infra.registryUrl())) {
            // Given a plan's whole history and garbage under another plan's key on migration-status
            log.publishRolledBackHistory();
            long garbage = other.publishGarbage(Topics.MIGRATION_STATUS);

            // When every plan since a time is replayed
            List<PlanHistory> histories = replay.all(since, null);

            // Then the garbage is reported once, with the unreadable records, where it is
            assertThat(histories).filteredOn(h -> h.planId().equals("(unreadable records)")).singleElement()
                    .satisfies(h -> assertThat(h.problems()).anySatisfy(p -> {
                        assertThat(p.topic()).isEqualTo(Topics.MIGRATION_STATUS.name());
                        assertThat(p.offset()).isEqualTo(garbage);
                    }));
            // And no plan's history carries it, nor does the next replay of a clean plan
            assertThat(histories).filteredOn(h -> !h.planId().equals("(unreadable records)"))
                    .allSatisfy(h -> assertThat(h.problems()).noneMatch(p -> p.offset() == garbage
                            && p.topic().equals(Topics.MIGRATION_STATUS.name())));
            assertThat(replay.plan(planId, null, null).problems()).isEmpty();
        }
    }

    private PlanOnTheLog beside(String planId) {
        return new PlanOnTheLog(infra.bootstrapServers(), infra.registryUrl(), PlanOnTheLog.planIdBeside(planId));
    }

    private static int partitionOf(String planId) {
        return Utils.toPositive(Utils.murmur2(planId.getBytes(StandardCharsets.UTF_8)))
                % Topics.ROLLOUT_EVENTS.partitions();
    }
}
