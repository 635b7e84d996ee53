package dev.spotshift.executor.streams;

import static dev.spotshift.executor.streams.ContractEvents.approved;
import static dev.spotshift.executor.streams.ContractEvents.metric;
import static dev.spotshift.executor.streams.ContractEvents.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.cloud.Lifecycle;
import dev.spotshift.cloud.StoredObject;
import dev.spotshift.events.CapacityLifecycle;
import dev.spotshift.events.CheckpointWritten;
import dev.spotshift.events.GateResult;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.ReplacementLaunched;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.RolloutStepStarted;
import dev.spotshift.events.WorkloadAction;
import dev.spotshift.events.WorkloadCommand;
import dev.spotshift.schemas.Topics;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InterruptionTopologyTest {

    private static final String PLAN = "plan-int";

    private final TopologyFixture executor = new TopologyFixture();

    @AfterEach
    void close() {
        executor.close();
    }

    /** Approved, baseline over, step 0 passed and step 1 (50 %) started. */
    private void atFiftyPercent() {
        executor.send(Topics.MIGRATION_DECISIONS, PLAN, approved(PLAN, executor.now, 10_000, 5_000, 3_000, 60_000,
                "s3://backup-bucket/spot-state/"));
        executor.send(Topics.WORKLOAD_METRICS, PLAN, metric(PLAN, executor.now));
        executor.advance(Duration.ofSeconds(3));
        executor.advance(Duration.ofSeconds(5));
        executor.send(Topics.GATE_VERDICTS, PLAN, verdict(PLAN, executor.now, 0, GateResult.PASS));
        executor.advance(Duration.ofSeconds(5));
        assertThat(executor.payloads(RolloutStepStarted.class)).extracting(RolloutStepStarted::getStepIndex)
                .containsExactly(0, 1);
    }

    /** What the workload's agent does: write its state where it is told, and say so. */
    private StoredObject checkpoint(WorkloadCommand cmd) {
        StoredObject stored = executor.cloud.checkpoints().put(URI.create(cmd.getLocation()),
                ("{\"jobsCompleted\":42,\"instance\":\"" + cmd.getInstanceId() + "\"}").getBytes(StandardCharsets.UTF_8));
        executor.send(Topics.WORKLOAD_REPORTS, PLAN, SpotEvents.checkpointed(cmd, executor.now, stored.sizeBytes(),
                stored.sha256()));
        return stored;
    }

    @Test
    void warningYieldsCheckpointCommandCheckpointWrittenAndValidatedReplacementInsideTheGroupAndTheRolloutGoesOn() {
        // Given a plan at 50 % spot on its group
        atFiftyPercent();
        Instant noticeAt = executor.now;
        var group = executor.cloud.capacity().describeGroup(ContractEvents.REGION, ContractEvents.GROUP);
        String interrupted = group.instances().stream().filter(i -> i.isActive()).findFirst().orElseThrow().instanceId();

        // When the warning arrives for one of the group's instances and the workload checkpoints as asked
        executor.send(Topics.SPOT_INTERRUPTIONS, PLAN, SpotEvents.warning(PLAN, noticeAt, interrupted, "m5.large",
                "us-east-1a"));
        WorkloadCommand cmd = executor.workloadCommands().get(0);
        StoredObject stored = checkpoint(cmd);

        // Then the command carries the deadline, the checkpoint and the replacement are announced inside the notice
        assertThat(cmd.getAction()).isEqualTo(WorkloadAction.CHECKPOINT);
        assertThat(cmd.getDeadline()).isEqualTo(noticeAt.plusSeconds(120));
        CheckpointWritten written = executor.payloads(CheckpointWritten.class).get(0);
        assertThat(written.getSha256()).isEqualTo(stored.sha256());
        assertThat(written.getNoticeDeadline()).isEqualTo(noticeAt.plusSeconds(120));
        ReplacementLaunched replacement = executor.payloads(ReplacementLaunched.class).get(0);
        assertThat(replacement.getStateValidated()).isTrue();
        assertThat(replacement.getWithinNotice()).isTrue();
        RolloutEvent announced = executor.events.stream().filter(e -> e.getPayload() instanceof ReplacementLaunched)
                .findFirst().orElseThrow();
        assertThat(announced.getEnvelope().getOccurredAt()).isBefore(noticeAt.plusSeconds(120));
        // And the group replaced the instance itself: back at its target, the interrupted one gone, nothing beside it
        var after = executor.cloud.capacity().describeGroup(ContractEvents.REGION, ContractEvents.GROUP);
        assertThat(after.instances().stream().filter(i -> i.isActive()).count()).isEqualTo(after.desired());
        assertThat(after.instances()).filteredOn(i -> i.isActive()).extracting(i -> i.instanceId())
                .doesNotContain(interrupted).contains(replacement.getReplacementInstanceId());
        assertThat(executor.cloud.capacity().ownedInstances(ContractEvents.REGION)).noneMatch(i -> i.isActive());
        // And the migration continues: step 1's gate passes and step 2 starts
        executor.send(Topics.GATE_VERDICTS, PLAN, verdict(PLAN, executor.now, 1, GateResult.PASS));
        executor.advance(Duration.ofSeconds(10));
        assertThat(executor.payloads(RolloutStepStarted.class)).extracting(RolloutStepStarted::getStepIndex)
                .contains(2);
        assertThat(executor.last().getStage()).isNotEqualTo(MigrationStage.ROLLED_BACK);
    }

    @Test
    void corruptedCheckpointFailsValidationAndTheReplacementIsNotDeclaredHealthy() {
        // Given a plan at 50 % spot and a warning
        atFiftyPercent();
        executor.send(Topics.SPOT_INTERRUPTIONS, PLAN, SpotEvents.warning(PLAN, executor.now, "i-0abc", "m5.large",
                "us-east-1a"));
        WorkloadCommand cmd = executor.workloadCommands().get(0);

        // When the checkpoint rots between its write and the report
        StoredObject stored = executor.cloud.checkpoints().put(URI.create(cmd.getLocation()),
                "{\"jobsCompleted\":42}".getBytes(StandardCharsets.UTF_8));
        executor.cloud.checkpoints().corrupt(URI.create(cmd.getLocation()));
        executor.send(Topics.WORKLOAD_REPORTS, PLAN, SpotEvents.checkpointed(cmd, executor.now, stored.sizeBytes(),
                stored.sha256()));

        // Then the replacement is announced without validated state
        ReplacementLaunched replacement = executor.payloads(ReplacementLaunched.class).get(0);
        assertThat(replacement.getStateValidated()).isFalse();
        assertThat(replacement.getReason()).containsIgnoringCase("sha256");
    }

    @Test
    void silentWorkloadGetsAnOnDemandReplacementBeforeTheDeadline() {
        // Given a plan at 50 % spot and a warning the workload never answers
        atFiftyPercent();
        Instant noticeAt = executor.now;
        executor.send(Topics.SPOT_INTERRUPTIONS, PLAN, SpotEvents.warning(PLAN, noticeAt, "i-0abc", "m5.large",
                "us-east-1a"));

        // When the wall clock passes deadline - margin
        executor.advance(Duration.ofSeconds(95));

        // Then an on-demand replacement is announced inside the notice, its state not validated
        ReplacementLaunched replacement = executor.payloads(ReplacementLaunched.class).get(0);
        assertThat(replacement.getLifecycle()).isEqualTo(CapacityLifecycle.ON_DEMAND);
        assertThat(replacement.getWithinNotice()).isTrue();
        assertThat(replacement.getStateValidated()).isFalse();
    }
}
