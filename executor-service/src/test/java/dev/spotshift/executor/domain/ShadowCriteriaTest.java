package dev.spotshift.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shadow run ends on the monitor's verdict on its shadow criteria over the whole run (GateVerdict SHADOW_PHASE),
 * as the validation period ends on its criteria: the plan shifts only when every one held; otherwise its
 * onCriteriaMissed decides; no verdict within the grace is a miss.
 */
class ShadowCriteriaTest {

    private static final long SHADOW_MS = 120_000;
    private static final long GRACE_MS = RolloutScenario.SETTINGS.gateGraceMillis();

    private final RolloutScenario run = new RolloutScenario();
    private final PlanSpec shadowPlan = Plans.inMode(PlanSpec.Mode.SHADOW, SHADOW_MS);

    @Test
    void givenAShadowRunWhenItsDurationEndsThenThePlanWaitsForTheVerdictAndShiftsNothing() {
        // Given a shadow run announced with its end, the monitor to judge it
        Instant started = inShadowRun(shadowPlan);
        Command.Publish announced = run.publishes().stream()
                .filter(p -> p.payload() instanceof Payload.ValidationStarted).findFirst().orElseThrow();
        assertThat(announced.stage()).isEqualTo(Stage.SHADOW);
        assertThat(((Payload.ValidationStarted) announced.payload()).endsAt()).isEqualTo(started.plusMillis(SHADOW_MS));

        // When its shadow samples came and its duration ends
        run.metric(true, 20, 0, 0).advance(SHADOW_MS);

        // Then it still waits in SHADOW: no result, no step, until the verdict or its deadline (the end + the grace)
        assertThat(run.state.stage()).isEqualTo(Stage.SHADOW);
        assertThat(run.published(Payload.ShadowRunCompleted.class)).isEmpty();
        assertThat(run.spotShares()).isEmpty();
        assertThat(run.state.timers()).filteredOn(t -> t.kind() == Timer.Kind.SHADOW_END).singleElement()
                .satisfies(t -> {
                    assertThat(t.dueAt()).isEqualTo(started.plusMillis(SHADOW_MS + GRACE_MS));
                    assertThat(t.causeId()).isEqualTo(announced.eventId());
                });
    }

    @Test
    void givenEveryShadowCriterionHeldWhenTheVerdictArrivesThenTheRunPassesAndTheFirstStepStarts() {
        // Given a shadow run past its end, its 20 jobs matched
        inShadowRun(shadowPlan);
        run.metric(true, 20, 0, 0).advance(SHADOW_MS);

        // When the monitor's verdict says every shadow criterion held
        run.shadowCriteria(GateResult.PASS);

        // Then the run passed with the jobs it compared, and the first step started
        assertThat(run.published(Payload.ShadowRunCompleted.class)).singleElement().satisfies(r -> {
            assertThat(r.passed()).isTrue();
            assertThat(r.jobsCompared()).isEqualTo(20);
        });
        assertThat(run.state.stage()).isEqualTo(Stage.SHIFTING);
        assertThat(run.spotShares()).containsExactly(25);
        assertThat(run.state.timers()).noneMatch(t -> t.kind() == Timer.Kind.SHADOW_END);
    }

    @Test
    void givenAMissedShadowCriterionAndAPlanThatRollsBackWhenTheVerdictArrivesThenItRollsBackNamingItAndNeverShifts() {
        // Given a shadow run past its end (the plan's onCriteriaMissed: ROLLBACK, the default)
        inShadowRun(shadowPlan);
        run.metric(true, 20, 0, 0).advance(SHADOW_MS);

        // When the verdict says the run's processing time missed its + 5 %
        run.apply(new Input.CriteriaJudged("verdict-1", GateResult.FAIL,
                List.of("SHADOW_CRITERION_SHADOW_PROCESSING_TIME_INCREASE_PERCENT_MISSED: 10.0000 misses 5.0000"),
                Input.CriteriaJudged.Period.SHADOW_RUN));

        // Then the run failed, and the plan rolled back on the gate with that reason, never a share on spot
        assertThat(run.published(Payload.ShadowRunCompleted.class)).singleElement()
                .satisfies(r -> assertThat(r.passed()).isFalse());
        assertThat(rolledBack()).singleElement().satisfies(r -> {
            assertThat(r.trigger()).isEqualTo(RollbackTrigger.GATE_FAILED);
            assertThat(r.level()).isEqualTo(RollbackLevel.FULL);
            assertThat(r.reason()).contains("shadow criteria missed over the shadow run",
                    "SHADOW_PROCESSING_TIME_INCREASE_PERCENT_MISSED");
        });
        assertThat(run.state.stage()).isEqualTo(Stage.ROLLED_BACK);
        assertThat(run.spotShares()).allSatisfy(share -> assertThat(share).isZero());
        // And the rollback answers the verdict, its evidence
        assertThat(run.publishes()).filteredOn(p -> p.payload() instanceof Payload.RolledBack
                        || p.payload() instanceof Payload.WithProcedure w && w.event() instanceof Payload.RolledBack)
                .singleElement().satisfies(p -> assertThat(p.causationId()).isEqualTo("verdict-1"));
    }

    @Test
    void givenAMissedShadowCriterionAndAPlanThatKeepsWhenTheVerdictArrivesThenItEndsCriteriaMissedAllOnDemand() {
        // Given a plan that keeps its capacity when its criteria miss, in its shadow run past the end
        PlanSpec keeps = shadowPlan.toBuilder()
                .criteria(new SuccessCriteria(99.9, 10.0, 50.0, SuccessCriteria.OnMissed.KEEP)).build();
        inShadowRun(keeps);
        run.metric(true, 20, 0, 0).advance(SHADOW_MS);

        // When the verdict says the shadow capacity cost more a job than the baseline
        run.shadowCriteria(GateResult.FAIL, "SHADOW_CRITERION_SHADOW_COST_PER_JOB_PERCENT_OF_BASELINE_MISSED");

        // Then it ends CRITERIA_MISSED, saying why, with nothing shifted and its shadow capacity removed
        assertThat(run.state.stage()).isEqualTo(Stage.CRITERIA_MISSED);
        assertThat(((Payload.Finished) run.lastPublish().payload()).reason())
                .contains("COST_PER_JOB_PERCENT_OF_BASELINE_MISSED", "keeps its on-demand capacity");
        assertThat(run.spotShares()).isEmpty();
        assertThat(run.commands).filteredOn(Command.RemoveShadowCapacity.class::isInstance).hasSize(1);
    }

    @Test
    void givenAnInconclusiveVerdictWhenItArrivesThenItIsAMissNotAPass() {
        // Given a shadow run past its end
        inShadowRun(shadowPlan);
        run.advance(SHADOW_MS);

        // When the monitor could not measure the criteria (no shadow job finished)
        run.shadowCriteria(GateResult.INCONCLUSIVE, "NO_SHADOW_JOBS: no shadow job finished");

        // Then the plan does not shift: it rolls back saying the criteria were not measurable
        assertThat(run.state.stage()).isEqualTo(Stage.ROLLED_BACK);
        assertThat(rolledBack()).singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("not measurable", "NO_SHADOW_JOBS"));
        assertThat(run.spotShares()).allSatisfy(share -> assertThat(share).isZero());
    }

    @Test
    void givenNoVerdictWhenTheGraceAfterTheRunRunsOutThenItIsAMissAndThePlanRollsBack() {
        // Given a shadow run whose samples all matched
        inShadowRun(shadowPlan);
        run.metric(true, 20, 0, 0);

        // When its end and the grace after it pass without a verdict
        run.advance(SHADOW_MS + GRACE_MS);

        // Then nobody saw the criteria hold: the run failed and the plan rolled back, saying so
        assertThat(run.published(Payload.ShadowRunCompleted.class)).singleElement()
                .satisfies(r -> assertThat(r.passed()).isFalse());
        assertThat(rolledBack()).singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("no verdict on the shadow criteria"));
        assertThat(run.spotShares()).allSatisfy(share -> assertThat(share).isZero());
    }

    @Test
    void givenAVerdictOfTheOtherPeriodWhenItArrivesThenItIsIgnored() {
        // Given a shadow run, and another plan already shifting
        inShadowRun(shadowPlan);
        RolloutScenario shifting = new RolloutScenario();
        shifting.atFirstStep(Plans.pilot());

        // When a validation period's verdict reaches the shadow run, and a shadow run's verdict the shifting plan
        run.criteria(GateResult.PASS);
        shifting.shadowCriteria(GateResult.FAIL);

        // Then neither moves: each verdict answers only its own period
        assertThat(run.last.applied()).isFalse();
        assertThat(run.state.stage()).isEqualTo(Stage.SHADOW);
        assertThat(shifting.last.applied()).isFalse();
        assertThat(shifting.state.stage()).isEqualTo(Stage.SHIFTING);
    }

    private Instant inShadowRun(PlanSpec plan) {
        run.approved(plan).probes(Plans.allProbesPass()).servingMetric().advance(Plans.BASELINE_MS);
        assertThat(run.state.stage()).isEqualTo(Stage.SHADOW);
        return run.now;
    }

    private List<Payload.RolledBack> rolledBack() {
        return run.publishes().stream().map(Command.Publish::payload)
                .map(p -> p instanceof Payload.WithProcedure w ? w.event() : p)
                .filter(Payload.RolledBack.class::isInstance).map(Payload.RolledBack.class::cast).toList();
    }
}
