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
}
