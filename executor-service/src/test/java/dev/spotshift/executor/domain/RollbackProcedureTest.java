package dev.spotshift.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Seed 000's rollback procedure: four timed steps after a full rollback, each against the seed's bound. */
class RollbackProcedureTest {

    static final Settings WITH_PROCEDURE = new Settings(5_000, 60_000, 1, 100, SpotSettings.defaults(), true);

    private static RolloutScenario rolledBackAtStep1() {
        RolloutScenario s = new RolloutScenario(WITH_PROCEDURE).atStep(Plans.pilot(), 1);
        s.forgetOutput();
        return s.apply(new Input.RollbackOrdered(RolloutScenario.id(), "rb-1", RollbackLevel.FULL,
                RollbackTrigger.ERROR_RATE, "error rate 6 % > 0.01 %", s.now.minusMillis(400)));
    }

    private static final String SHA = "cd".repeat(32);

    /** At step 1 an instance was interrupted, its checkpoint verified in the store and the replacement validated. */
    private static RolloutScenario withAVerifiedCheckpointAtStep1() {
        RolloutScenario s = new RolloutScenario(WITH_PROCEDURE).atStep(Plans.pilot(), 1);
        s.apply(new Input.InterruptionWarned(RolloutScenario.id(), true, "i-1", "m5.large", "us-east-1a", s.now,
                s.now.plusSeconds(120)));
        Command.RequestCheckpoint request = s.commands.stream().filter(Command.RequestCheckpoint.class::isInstance)
                .map(Command.RequestCheckpoint.class::cast).reduce((a, b) -> b).orElseThrow();
        s.advance(10_000).apply(new Input.CheckpointReported(RolloutScenario.id(), request.commandId(), true,
                request.location(), 2048, SHA, null));
        Command.VerifyCheckpoint verify = s.lastCommand(Command.VerifyCheckpoint.class);
        s.apply(new Input.CloudAnswered(RolloutScenario.id(), verify.commandId(),
                new Input.CheckpointVerified(verify.warningId(), true, 2048, SHA, "present")));
        Command.LaunchReplacement launch = s.lastCommand(Command.LaunchReplacement.class);
        s.apply(new Input.CloudAnswered(RolloutScenario.id(), launch.commandId(),
                new Input.ReplacementStarted(launch.warningId(), "i-2", "m5a.large", "us-east-1b", true, null)));
        Command.ValidateRestore validate = s.lastCommand(Command.ValidateRestore.class);
        s.apply(new Input.CloudAnswered(RolloutScenario.id(), validate.commandId(),
                new Input.RestoreValidated(validate.warningId(), true, "2048 bytes")));
        s.forgetOutput();
        return s.apply(new Input.RollbackOrdered(RolloutScenario.id(), "rb-1", RollbackLevel.FULL,
                RollbackTrigger.ERROR_RATE, "error rate 6 % > 0.01 %", s.now.minusMillis(400)));
    }

    private static List<ProcedureStep> procedureOf(Command.Publish p) {
        return ((Payload.WithProcedure) p.payload()).steps();
    }

    @Test
    void givenAFullRollback_whenTheOrderIsTaken_thenSpotIsPausedAtOnceAndTheFirstStepIsTimedFromTheOrder() {
        RolloutScenario s = rolledBackAtStep1();

        Command.Publish rolledBack = s.publishes().get(0);
        assertThat(((Payload.WithProcedure) rolledBack.payload()).event()).isInstanceOf(Payload.RolledBack.class);
        assertThat(procedureOf(rolledBack)).singleElement().satisfies(step -> {
            assertThat(step.step()).isEqualTo(ProcedureStep.PAUSE_SPOT_FLEET);
            assertThat(step.durationMillis()).isEqualTo(400);
            assertThat(step.withinBound()).isTrue();
        });
    }

    @Test
    void givenOnDemandReadBack_whenNoHealthySampleYet_thenThePlanStaysRollingBackWaitingForStability() {
        RolloutScenario s = rolledBackAtStep1();

        assertThat(s.state.stage()).isEqualTo(Stage.ROLLING_BACK);
        assertThat(s.state.unwind().verifying()).isTrue();
        assertThat(s.state.unwind().steps()).extracting(ProcedureStep::step)
                .containsExactly(ProcedureStep.PAUSE_SPOT_FLEET, ProcedureStep.ACTIVATE_ONDEMAND);
        // a sample still failing jobs does not verify it
        s.metric(false, 10, 3, 0);
        assertThat(s.state.stage()).isEqualTo(Stage.ROLLING_BACK);
    }

    @Test
    void givenOnDemandReadBack_whenAHealthySampleComes_thenTheProcedureEndsWithFourStepsInsideTheirBounds() {
        RolloutScenario s = rolledBackAtStep1();
        s.advance(3_000).servingMetric();

        assertThat(s.state.stage()).isEqualTo(Stage.ROLLED_BACK);
        Command.Publish finished = s.lastPublish();
        assertThat(((Payload.WithProcedure) finished.payload()).event()).isInstanceOf(Payload.Finished.class);
        assertThat(procedureOf(finished)).extracting(ProcedureStep::step).containsExactly(
                ProcedureStep.PAUSE_SPOT_FLEET, ProcedureStep.ACTIVATE_ONDEMAND, ProcedureStep.VERIFY_STABILITY,
                ProcedureStep.RESTORE_STATE);
        assertThat(procedureOf(finished)).extracting(ProcedureStep::boundMillis)
                .containsExactly(5_000L, 30_000L, 120_000L, 300_000L);
        assertThat(procedureOf(finished)).allMatch(ProcedureStep::withinBound);
        assertThat(procedureOf(finished).get(2).durationMillis()).isEqualTo(3_000);
    }

    @Test
    void givenOnDemandReadBack_whenNoHealthySampleWithinTwoMinutes_thenStabilityIsRecordedMissedAndThePlanEndsOnDemand() {
        RolloutScenario s = rolledBackAtStep1();
        s.advance(ProcedureStep.STABILITY_MILLIS + 1_000);

        assertThat(s.state.stage()).isEqualTo(Stage.ROLLED_BACK);
        ProcedureStep stability = procedureOf(s.lastPublish()).get(2);
        assertThat(stability.step()).isEqualTo(ProcedureStep.VERIFY_STABILITY);
        assertThat(stability.detail()).startsWith("NOT verified");
        assertThat(stability.durationMillis()).isEqualTo(ProcedureStep.STABILITY_MILLIS);
    }

    @Test
    void givenTheProcedureOff_whenAFullRollbackReadsBackOnDemand_thenThePlanEndsAtOnceAsBefore() {
        RolloutScenario s = new RolloutScenario().atStep(Plans.pilot(), 1)
                .rollback("rb-1", RollbackLevel.FULL, RollbackTrigger.ERROR_RATE);

        assertThat(s.state.stage()).isEqualTo(Stage.ROLLED_BACK);
        assertThat(s.published(Payload.WithProcedure.class)).isEmpty();
    }

    @Test
    void givenACheckpointVerifiedDuringThePlan_whenStabilityIsVerified_thenThatCheckpointIsReadBackBeforeThePlanEnds() {
        RolloutScenario s = withAVerifiedCheckpointAtStep1();
        s.advance(2_000).servingMetric();

        // the plan still rolls back, waiting for the store's read-back of the checkpoint the interruption verified
        assertThat(s.state.stage()).isEqualTo(Stage.ROLLING_BACK);
        Command.ValidateRestore readBack = s.lastCommand(Command.ValidateRestore.class);
        assertThat(readBack.location()).startsWith("s3://backup-bucket/spot-state/");
        assertThat(readBack.sha256()).isEqualTo(SHA);

        s.advance(1_000).apply(new Input.CloudAnswered(RolloutScenario.id(), readBack.commandId(),
                new Input.RestoreValidated(readBack.warningId(), true, "2048 bytes, sha256 matches")));

        assertThat(s.state.stage()).isEqualTo(Stage.ROLLED_BACK);
        List<ProcedureStep> steps = procedureOf(s.lastPublish());
        assertThat(steps).extracting(ProcedureStep::step).containsExactly(ProcedureStep.PAUSE_SPOT_FLEET,
                ProcedureStep.ACTIVATE_ONDEMAND, ProcedureStep.VERIFY_STABILITY, ProcedureStep.RESTORE_STATE);
        ProcedureStep restore = steps.get(3);
        assertThat(restore.detail()).contains("state restored from the last verified checkpoint " + readBack.location(),
                "sha256 " + SHA + " read back");
        assertThat(restore.durationMillis()).isEqualTo(3_000);
        assertThat(restore.withinBound()).isTrue();
    }

    @Test
    void givenACheckpointVerifiedDuringThePlan_whenItsReadBackFails_thenThePlanEndsOnDemandWithTheStateNotRestored() {
        RolloutScenario s = withAVerifiedCheckpointAtStep1();
        s.advance(2_000).servingMetric();
        Command.ValidateRestore readBack = s.lastCommand(Command.ValidateRestore.class);

        s.apply(new Input.CloudAnswered(RolloutScenario.id(), readBack.commandId(),
                new Input.RestoreValidated(readBack.warningId(), false, "sha256 differs: object rewritten")));

        assertThat(s.state.stage()).isEqualTo(Stage.ROLLED_BACK);
        assertThat(procedureOf(s.lastPublish()).get(3).detail())
                .contains("NOT restored", "failed its read-back: sha256 differs");
    }

    @Test
    void givenACheckpointVerifiedDuringThePlan_whenTheStoreNeverAnswers_thenTheRestoreIsMissedAtItsBoundAndThePlanEnds() {
        RolloutScenario s = withAVerifiedCheckpointAtStep1();
        s.advance(2_000).servingMetric();

        s.advance(ProcedureStep.RESTORE_MILLIS);

        assertThat(s.state.stage()).isEqualTo(Stage.ROLLED_BACK);
        ProcedureStep restore = procedureOf(s.lastPublish()).get(3);
        assertThat(restore.detail()).contains("NOT restored: the checkpoint store did not answer");
        assertThat(restore.durationMillis()).isEqualTo(ProcedureStep.RESTORE_MILLIS);
    }

    @Test
    void givenNoCheckpointVerifiedDuringThePlan_whenStabilityIsVerified_thenNothingIsReadBackAndTheRestoreSaysSo() {
        RolloutScenario s = rolledBackAtStep1();
        s.advance(3_000).servingMetric();

        assertThat(s.lastCommand(Command.ValidateRestore.class)).isNull();
        assertThat(procedureOf(s.lastPublish()).get(3).detail()).contains("no checkpoint was verified in",
                "nothing to restore from");
    }
}
