package dev.spotshift.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class InterruptionPathTest {

    private static final String SHA = "ab".repeat(32);

    private final RolloutScenario run = new RolloutScenario();

    private Input.InterruptionWarned warning(String instance, boolean twoMinute) {
        return new Input.InterruptionWarned(RolloutScenario.id(), twoMinute, instance, "m5.large", "us-east-1a",
                run.now, run.now.plusSeconds(120));
    }

    private <T extends Command> T last(Class<T> type) {
        return run.commands.stream().filter(type::isInstance).map(type::cast).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void warningMidRolloutChecksPointsReplacesAndValidatesInsideTheNotice() {
        // Given a plan at its second step (50 % spot)
        run.atStep(Plans.pilot(), 1).forgetOutput();
        Input.InterruptionWarned w = warning("i-1", true);

        // When the two-minute warning arrives, the workload checkpoints, the store holds it and it reads back
        run.apply(w);
        Command.RequestCheckpoint request = last(Command.RequestCheckpoint.class);
        run.advance(20_000).apply(new Input.CheckpointReported(RolloutScenario.id(), request.commandId(), true,
                request.location(), 512, SHA, null));
        Command.VerifyCheckpoint verify = last(Command.VerifyCheckpoint.class);
        run.apply(new Input.CheckpointVerified(verify.warningId(), true, 512, SHA, "present"));
        Command.LaunchReplacement launch = last(Command.LaunchReplacement.class);
        run.apply(new Input.ReplacementStarted(launch.warningId(), "i-2", "m5a.large", "us-east-1b", true, null));
        run.apply(new Input.RestoreValidated(launch.warningId(), true, "512 bytes"));

        // Then the checkpoint carries the deadline, the replacement is spot from another type, validated in time
        assertThat(request.deadline()).isEqualTo(w.deadline());
        assertThat(request.location()).startsWith("s3://backup-bucket/spot-state/plan-1/nightly_etl_batch/");
        assertThat(launch.spot()).isTrue();
        assertThat(launch.instanceTypes()).doesNotContain("m5.large").contains("m5a.large");
        assertThat(run.published(Payload.CheckpointWritten.class)).singleElement()
                .satisfies(c -> assertThat(c.noticeDeadline()).isEqualTo(w.deadline()));
        assertThat(run.published(Payload.ReplacementLaunched.class)).singleElement().satisfies(r -> {
            assertThat(r.stateValidated()).isTrue();
            assertThat(r.withinNotice()).isTrue();
            assertThat(r.replacementInstanceId()).isEqualTo("i-2");
        });
        // And the migration goes on: still shifting at step 1, no notice timer left behind
        assertThat(run.state.stage()).isEqualTo(Stage.SHIFTING);
        assertThat(run.state.gate().step()).isEqualTo(1);
        assertThat(run.state.timers()).noneMatch(t -> t.kind() == Timer.Kind.NOTICE_DEADLINE);
    }

    @Test
    void silentWorkloadFallsBackToOnDemandAtTheNoticeMarginAndSaysSo() {
        // Given a warning at 50 % spot and a workload that never reports its checkpoint
        run.atStep(Plans.pilot(), 1).forgetOutput();
        Input.InterruptionWarned w = warning("i-1", true);
        run.apply(w);

        // When the clock reaches deadline - margin
        run.advance(120_000 - RolloutScenario.SETTINGS.spot().noticeMarginMillis());

        // Then an on-demand replacement is launched at once
        Command.LaunchReplacement launch = last(Command.LaunchReplacement.class);
        assertThat(launch.spot()).isFalse();
        assertThat(launch.instanceTypes()).containsExactly("m5.large");
        run.apply(new Input.ReplacementStarted(launch.warningId(), "i-od", "m5.large", "us-east-1a", false, null));

        // And it is announced as on-demand, inside the notice, without validated state, with the reason
        assertThat(run.published(Payload.ReplacementLaunched.class)).singleElement().satisfies(r -> {
            assertThat(r.spot()).isFalse();
            assertThat(r.withinNotice()).isTrue();
            assertThat(r.stateValidated()).isFalse();
            assertThat(r.reason()).contains("on-demand fallback");
        });
        assertThat(run.published(Payload.CheckpointWritten.class)).isEmpty();
    }

    @Test
    void corruptedCheckpointIsAnnouncedButTheReplacementIsNotDeclaredHealthy() {
        // Given a warning whose checkpoint is in the store with its recorded checksum
        run.atStep(Plans.pilot(), 1).forgetOutput();
        run.apply(warning("i-1", true));
        Command.RequestCheckpoint request = last(Command.RequestCheckpoint.class);
        run.apply(new Input.CheckpointReported(RolloutScenario.id(), request.commandId(), true, request.location(),
                512, SHA, null));
        run.apply(new Input.CheckpointVerified(request.causationId(), true, 512, SHA, "present"));
        Command.LaunchReplacement launch = last(Command.LaunchReplacement.class);
        run.apply(new Input.ReplacementStarted(launch.warningId(), "i-2", "m5a.large", "us-east-1b", true, null));

        // When reading it back for the replacement finds content that no longer matches
        run.apply(new Input.RestoreValidated(launch.warningId(), false, "CORRUPT: sha256 differs"));

        // Then the replacement is announced without validated state, and why
        assertThat(run.published(Payload.ReplacementLaunched.class)).singleElement().satisfies(r -> {
            assertThat(r.stateValidated()).isFalse();
            assertThat(r.reason()).contains("CORRUPT");
        });
    }

    @Test
    void rebalanceRecommendationOnAGroupAsksForTheCheckpointAndReplacesOnlyAfterIt() {
        // Given a group-backed plan at 50 % spot
        run.atStep(Plans.pilot(), 1).forgetOutput();

        // When a rebalance recommendation arrives
        run.apply(warning("i-1", false));

        // Then the checkpoint is requested and nothing is replaced yet: the group replaces an instance by
        // terminating it, which must wait for the workload's state
        assertThat(run.commands).hasAtLeastOneElementOfType(Command.RequestCheckpoint.class);
        assertThat(run.commands).noneMatch(c -> c instanceof Command.LaunchReplacement);
        assertThat(run.state.timers()).noneMatch(t -> t.kind() == Timer.Kind.NOTICE_DEADLINE);
    }

    @Test
    void rebalanceRecommendationPreLaunchesAStandaloneReplacementForAnInstanceIdPlan() {
        // Given a plan given as instance ids (no group) at 50 % spot
        PlanSpec noGroup = withoutGroup(Plans.pilot());
        run.atStep(noGroup, 1).forgetOutput();

        // When a rebalance recommendation arrives
        run.apply(warning("i-1", false));

        // Then the checkpoint is requested and a spot replacement launched at once, with no notice timer yet
        assertThat(run.commands).hasAtLeastOneElementOfType(Command.RequestCheckpoint.class);
        assertThat(last(Command.LaunchReplacement.class).spot()).isTrue();
        assertThat(last(Command.LaunchReplacement.class).groupName()).isNull();
        assertThat(run.state.timers()).noneMatch(t -> t.kind() == Timer.Kind.NOTICE_DEADLINE);

        // When the warning follows for the same instance
        Instant deadline = run.now.plusSeconds(120);
        run.apply(new Input.InterruptionWarned(RolloutScenario.id(), true, "i-1", "m5.large", "us-east-1a", run.now,
                deadline));

        // Then the path gets the deadline instead of starting over
        assertThat(run.commands.stream().filter(c -> c instanceof Command.LaunchReplacement)).hasSize(1);
        assertThat(run.state.timers()).anyMatch(t -> t.kind() == Timer.Kind.NOTICE_DEADLINE);
    }

    @Test
    void duplicateWarningIsIgnored() {
        // Given a warning being handled
        run.atStep(Plans.pilot(), 1);
        Input.InterruptionWarned w = warning("i-1", true);
        run.apply(w).forgetOutput();

        // When it is delivered again
        run.apply(w);

        // Then nothing more happens
        assertThat(run.last.applied()).isFalse();
        assertThat(run.commands).isEmpty();
    }

    /** The pilot plan given as instance ids: no group to replace an instance in. */
    private static PlanSpec withoutGroup(PlanSpec p) {
        return p.toBuilder().groupName(null).build();
    }

    private static PlanSpec withMode(PlanSpec p, PlanSpec.Mode mode) {
        return p.toBuilder().mode(mode).build();
    }

    @Test
    void dryRunPlanAnswersAWarningWithoutAnyCloudWriteAndSaysWhatItWouldHaveDone() {
        // Given a DRY_RUN plan at its second step
        run.atStep(withMode(Plans.pilot(), PlanSpec.Mode.DRY_RUN), 1).forgetOutput();

        // When a two-minute warning arrives and the deadline margin passes without a checkpoint
        run.apply(warning("i-1", true));
        run.advance(120_000);

        // Then no command that writes to the cloud was sent, and the replacement it would have launched is announced
        assertThat(run.commands).noneMatch(c -> c instanceof Command.CloudAction a && a.writes());
        assertThat(run.published(Payload.ReplacementLaunched.class)).singleElement()
                .satisfies(r -> assertThat(r.replacementInstanceId()).startsWith("dry-run:"));
    }

    @Test
    void withTheKillSwitchEngagedAReplacementIsNeverSpot() {
        // Given an instance-id plan shifting when the kill switch is engaged (it holds at 0 %)
        PlanSpec noGroup = withoutGroup(Plans.pilot());
        run.atStep(noGroup, 1).killSwitch(true).forgetOutput();

        // When a rebalance recommendation arrives for one of its instances
        run.apply(warning("i-1", false));

        // Then the replacement is on-demand
        assertThat(last(Command.LaunchReplacement.class).spot()).isFalse();
    }
}
