package dev.spotshift.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreflightAndBaselineTest {

    private final RolloutScenario run = new RolloutScenario();
    private final PlanSpec plan = Plans.pilot();

    @Test
    void approvedPlanAsksForTheCloudProbesFirst() {
        // When a plan is approved
        run.approved(plan);

        // Then the probes are run before anything else
        assertThat(run.commands).singleElement().isInstanceOf(Command.RunPreflightProbes.class);
        assertThat(run.state.stage()).isEqualTo(Stage.PREFLIGHT);
    }

    @Test
    void unwritableCheckpointStopsThePlanBeforeAnyCapacityChange() {
        // Given the backup target cannot be written
        List<PreflightCheck> checks = new ArrayList<>(Plans.allProbesPass());
        checks.set(0, PreflightCheck.failed(PreflightCheck.BACKUP_TARGET_WRITABLE, "bucket backup-bucket: NoSuchBucket"));

        // When the probes answer
        run.approved(plan).probes(checks).advance(10 * Plans.BASELINE_MS);

        // Then the plan ends PREFLIGHT_FAILED with the reason, and capacity was never touched
        assertThat(run.state.stage()).isEqualTo(Stage.PREFLIGHT_FAILED);
        Payload.PreflightCompleted completed = run.published(Payload.PreflightCompleted.class).get(0);
        assertThat(completed.passed()).isFalse();
        assertThat(completed.checks()).filteredOn(c -> !c.passed()).extracting(PreflightCheck::check)
                .contains(PreflightCheck.BACKUP_TARGET_WRITABLE);
        assertThat(((Payload.Finished) run.lastPublish().payload()).reason()).contains("NoSuchBucket");
        assertThat(run.spotShares()).isEmpty();
    }

    @Test
    void preflightFailsWhenNoMetricOfTheWorkloadArrivesInTime() {
        // Given the probes passed but the workload reports nothing
        run.approved(plan).probes(Plans.allProbesPass());

        // When the wait for monitoring runs out
        run.advance(RolloutScenario.SETTINGS.monitoringWaitMillis());

        // Then monitoring is the failed check
        assertThat(run.state.stage()).isEqualTo(Stage.PREFLIGHT_FAILED);
        assertThat(run.published(Payload.PreflightCompleted.class).get(0).checks())
                .filteredOn(c -> !c.passed()).extracting(PreflightCheck::check)
                .containsExactly(PreflightCheck.MONITORING_ACTIVE);
    }

    @Test
    void invalidStepListFailsPreflightWithoutProbing() {
        // When a plan with a descending step list is approved
        run.approved(Plans.pilot(List.of(50, 25)));

        // Then it fails pre-flight at once
        assertThat(run.state.stage()).isEqualTo(Stage.PREFLIGHT_FAILED);
        assertThat(run.commands).noneMatch(c -> c instanceof Command.RunPreflightProbes);
    }

    @Test
    void baselineIsMeasuredFromTheWorkloadsSamplesOverTheWindow() {
        // Given pre-flight passed
        run.approved(plan).probes(Plans.allProbesPass()).servingMetric();

        // When samples arrive during the baseline window (one with a failed job)
        run.metric(false, 10, 0, 0).metric(false, 9, 1, 0).advance(Plans.BASELINE_MS);

        // Then the baseline says it was measured, from how many samples
        Payload.BaselineCaptured captured = run.published(Payload.BaselineCaptured.class).get(0);
        assertThat(captured.baseline().measured()).isTrue();
        assertThat(captured.baseline().samples()).isEqualTo(2);
        assertThat(captured.baseline().errorRatePercent()).isEqualTo(5.0);
        assertThat(captured.windowEnd()).isEqualTo(captured.windowStart().plusMillis(Plans.BASELINE_MS));
    }

    @Test
    void baselineFallsBackToThePlansDeclaredFiguresAndSaysSo() {
        // Given pre-flight passed, and no sample during the window
        run.approved(plan).probes(Plans.allProbesPass()).servingMetric().advance(Plans.BASELINE_MS);

        // Then the declared figures are used, marked as not measured
        Payload.BaselineCaptured captured = run.published(Payload.BaselineCaptured.class).get(0);
        assertThat(captured.baseline().measured()).isFalse();
        assertThat(captured.baseline().samples()).isZero();
        assertThat(captured.baseline().jobCompletionMillis()).isEqualTo(600_000);
    }

    @Test
    void withNoSamplesAndNoDeclaredBaselineThePlanHoldsInsteadOfShiftingBlind() {
        // Given a plan without a declared baseline and a silent baseline window
        run.approved(Plans.withoutDeclaredBaseline()).probes(Plans.allProbesPass()).servingMetric()
                .advance(Plans.BASELINE_MS);

        // Then it holds with the reason
        assertThat(run.state.stage()).isEqualTo(Stage.PAUSED);
        assertThat(run.state.pauses()).extracting(PauseCondition::reason)
                .containsExactly(PauseCondition.Reason.NO_BASELINE);
        assertThat(run.spotShares()).isEmpty();
    }

    @Test
    void shadowRunWithMatchingOutputsLeadsIntoTheShift() {
        // Given a shadow-mode plan past its baseline
        PlanSpec shadow = Plans.inMode(PlanSpec.Mode.SHADOW, 120_000);
        run.approved(shadow).probes(Plans.allProbesPass()).servingMetric().advance(Plans.BASELINE_MS);
        assertThat(run.state.stage()).isEqualTo(Stage.SHADOW);

        // When shadow samples show equal outputs and no errors, and the monitor judges the run's criteria held
        run.metric(true, 20, 0, 0).advance(120_000).shadowCriteria(GateResult.PASS);

        // Then the shadow run passed and the first step started
        assertThat(run.published(Payload.ShadowRunCompleted.class).get(0).passed()).isTrue();
        assertThat(run.spotShares()).containsExactly(25);
    }

    @Test
    void shadowRunMismatchRejectsTheMigration() {
        // Given a shadow-mode plan past its baseline
        PlanSpec shadow = Plans.inMode(PlanSpec.Mode.SHADOW, 120_000);
        run.approved(shadow).probes(Plans.allProbesPass()).servingMetric().advance(Plans.BASELINE_MS);

        // When one output differs and the monitor's verdict on the run says so
        run.metric(true, 20, 0, 1).advance(120_000)
                .shadowCriteria(GateResult.FAIL, "SHADOW_CRITERION_SHADOW_OUTPUT_MISMATCHES_MISSED: 1 mismatch");

        // Then the migration rolls back (the plan's onCriteriaMissed) without shifting
        assertThat(run.published(Payload.ShadowRunCompleted.class).get(0).outputMismatches()).isEqualTo(1);
        assertThat(run.state.stage()).isEqualTo(Stage.ROLLED_BACK);
        assertThat(run.spotShares()).allSatisfy(share -> assertThat(share).isZero());
    }
}
