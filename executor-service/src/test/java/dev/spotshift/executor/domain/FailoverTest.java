package dev.spotshift.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Backup-region failover: the pilot with a backup group in us-east-2, at step 2 (75 %) after step 1 (50 %) passed,
 * when every pool of us-east-1 storms.
 */
class FailoverTest {

    private static final List<String> TYPES = List.of("m5.large", "m5a.large", "m5n.large");
    private static final String BACKUP = "us-east-2/etl-asg-backup";

    private final RolloutScenario run = new RolloutScenario();

    private void stormAcrossThePrimaryAtStepTwo(PlanSpec plan) {
        run.atStep(plan, 2);
        run.forgetOutput();
        int n = 0;
        for (String type : TYPES) {
            for (int k = 0; k < 2; k++) {
                run.apply(new Input.InterruptionWarned(RolloutScenario.id(), true, "i-" + n++, type, "us-east-1a",
                        run.now, run.now.plusSeconds(120)));
            }
        }
        assertThat(run.state.pausedBy(PauseCondition.Reason.INTERRUPTION_STORM)).isTrue();
    }

    private void backupProbes(List<PreflightCheck> checks) {
        Command.RunPreflightProbes probes = run.lastCommand(Command.RunPreflightProbes.class);
        run.apply(new Input.CloudAnswered(RolloutScenario.id(), probes.commandId(),
                new Input.ProbesCompleted(checks, Plans.backupGroup())));
    }

    @Test
    void aStormAcrossThePrimaryMovesTheLastGoodShareToTheBackupAfterItsPreflightAndGateWhileThePrimaryStaysOnDemand() {
        // Given a storm across every pool of us-east-1 at step 2
        stormAcrossThePrimaryAtStepTwo(Plans.withBackup());

        // Then the primary is on-demand (after its stormy types left the policy one by one) and the backup group is
        // pre-flighted like the primary was
        assertThat(run.shares("us-east-1")).last().satisfies(s -> assertThat(s.spotPercent()).isZero());
        int primaryShares = run.shares("us-east-1").size();
        Command.RunPreflightProbes probes = run.lastCommand(Command.RunPreflightProbes.class);
        assertThat(probes.plan().region()).isEqualTo("us-east-2");
        assertThat(probes.plan().groupName()).isEqualTo("etl-asg-backup");
        assertThat(run.shares("us-east-2")).isEmpty();
        assertThat(run.published(Payload.Paused.class)).anySatisfy(p -> {
            assertThat(p.reason()).isEqualTo(PauseCondition.Reason.FAILOVER);
            assertThat(p.message()).contains("every pool of us-east-1 storms", "step 1 (50 %)", BACKUP);
        });

        // When its probes pass
        backupProbes(Plans.allProbesPass());

        // Then the last good share (step 1, 50 %) is set on the backup group and announced with a gate there
        assertThat(run.shares("us-east-2")).singleElement().satisfies(s -> {
            assertThat(s.spotPercent()).isEqualTo(100);
            assertThat(s.size()).isEqualTo(new Command.GroupSize(1, 1, 1));
            assertThat(s.groupName()).isEqualTo("etl-asg-backup");
            assertThat(s.instanceTypes()).containsExactlyElementsOf(TYPES);
        });
        assertThat(run.published(Payload.StepStarted.class)).last().satisfies(s -> {
            assertThat(s.stepIndex()).isEqualTo(1);
            assertThat(s.toSpotPercent()).isEqualTo(50);
            assertThat(s.backup()).isEqualTo(BACKUP);
        });
        assertThat(run.state.spot().failover().phase()).isEqualTo(Failover.Phase.GATING);

        // When the monitor's gate on it passes
        run.advance(Plans.WINDOW_MS).verdict(1, GateResult.PASS);

        // Then the failover holds, the primary still on-demand and the plan still held for the storm
        assertThat(run.published(Payload.StepCompleted.class)).last()
                .satisfies(c -> assertThat(c.backup()).isEqualTo(BACKUP));
        assertThat(run.state.spot().failover().phase()).isEqualTo(Failover.Phase.ACTIVE);
        assertThat(run.shares("us-east-1")).as("no change to the primary meanwhile").hasSize(primaryShares);
        assertThat(run.state.spotPercent()).isZero();
        assertThat(run.state.pausedBy(PauseCondition.Reason.INTERRUPTION_STORM)).isTrue();
    }

    @Test
    void thePrimaryRecoveringFailsBackOnceWithTheBackupShareToZeroAndTheLastGoodStepReRunInThePrimary() {
        // Given the share failed over and its gate passed
        stormAcrossThePrimaryAtStepTwo(Plans.withBackup());
        backupProbes(Plans.allProbesPass());
        run.advance(Plans.WINDOW_MS).verdict(1, GateResult.PASS);
        run.forgetOutput();

        // When the primary's market reads healthy for three hours
        run.healthyMarketFor(TYPES, 180);

        // Then one return: the backup group restored as its pre-flight found it, step 1 again in the primary with a fresh gate, the reason named
        assertThat(run.published(Payload.Resumed.class)).singleElement()
                .satisfies(r -> assertThat(r.by()).startsWith("return-to-spot: market healthy")
                        .contains("fail-back from " + BACKUP));
        assertThat(run.shares("us-east-2")).isEmpty();
        assertThat(run.restores("us-east-2")).singleElement()
                .satisfies(r -> assertThat(r.snapshot()).isEqualTo(Plans.backupGroup()));
        assertThat(run.shares("us-east-1")).first().satisfies(s -> assertThat(s.spotPercent()).isEqualTo(50));
        assertThat(run.published(Payload.StepStarted.class)).first().satisfies(s -> {
            assertThat(s.stepIndex()).isEqualTo(1);
            assertThat(s.backup()).isNull();
        });
        assertThat(run.state.spot().failover()).isNull();
        assertThat(run.state.spot().returns()).isEqualTo(1);
    }

    @Test
    void aReturnWaitsWhileTheBackupsGateIsOpenAndComesOnceItHasBeenJudged() {
        // Given the share set on the backup, its gate open
        stormAcrossThePrimaryAtStepTwo(Plans.withBackup());
        backupProbes(Plans.allProbesPass());
        run.forgetOutput();

        // When, once the storm's warnings are out of the window, the primary reads healthy, and again past the
        // hold-down, before the backup's verdict (the clock moved without firing timers)
        List<Input.TypeHealth> healthy = TYPES.stream().map(t -> new Input.TypeHealth(t, 5.0, 0.0)).toList();
        run.now = run.now.plusMillis(RolloutScenario.SETTINGS.spot().stormWindowMillis() + 1);
        run.apply(new Input.MarketRead(healthy));
        assertThat(run.state.spot().healthySince()).isEqualTo(run.now);
        run.now = run.now.plusMillis(run.state.plan().spotRules().returnToSpotHoldMillis() + 1);
        run.apply(new Input.MarketRead(healthy));

        // Then no return yet: the backup is being judged
        assertThat(run.published(Payload.Resumed.class)).isEmpty();
        assertThat(run.state.spot().failover().phase()).isEqualTo(Failover.Phase.GATING);

        // When its gate passes and the market is read again
        run.verdict(1, GateResult.PASS);
        run.apply(new Input.MarketRead(healthy));

        // Then the plan returns, failing back from the backup
        assertThat(run.published(Payload.Resumed.class)).singleElement()
                .satisfies(r -> assertThat(r.by()).contains("fail-back from " + BACKUP));
    }

    @Test
    void aFailedBackupGateEndsTheFailoverWithTheReasonAndTheBackupGroupRestored() {
        // Given the share set on the backup
        stormAcrossThePrimaryAtStepTwo(Plans.withBackup());
        backupProbes(Plans.allProbesPass());

        // When its gate fails
        run.advance(Plans.WINDOW_MS).verdict(1, GateResult.FAIL, "processing time +12 %");

        // Then the backup is back at 0 %, the plan on-demand in the primary, held for the storm, and the reason told
        assertThat(run.shares("us-east-2")).extracting(Command.SetSpotShare::spotPercent).containsExactly(100);
        assertThat(run.restores("us-east-2")).singleElement()
                .satisfies(r -> assertThat(r.snapshot()).isEqualTo(Plans.backupGroup()));
        assertThat(run.published(Payload.Paused.class)).last().satisfies(p -> {
            assertThat(p.reason()).isEqualTo(PauseCondition.Reason.FAILOVER);
            assertThat(p.message()).contains("ended", "processing time +12 %");
        });
        assertThat(run.state.spot().failover()).isNull();
        assertThat(run.state.pausedBy(PauseCondition.Reason.INTERRUPTION_STORM)).isTrue();
        assertThat(run.state.spotPercent()).isZero();
    }

    @Test
    void aMissingVerdictOnTheBackupEndsTheFailoverAtItsDeadline() {
        // Given the share set on the backup
        stormAcrossThePrimaryAtStepTwo(Plans.withBackup());
        backupProbes(Plans.allProbesPass());

        // When no verdict comes by its due time and grace
        run.advance(Plans.WINDOW_MS + RolloutScenario.SETTINGS.gateGraceMillis() + 1);

        // Then the failover ended with the reason, the backup back at 0 %
        assertThat(run.shares("us-east-2")).extracting(Command.SetSpotShare::spotPercent).containsExactly(100);
        assertThat(run.restores("us-east-2")).singleElement()
                .satisfies(r -> assertThat(r.snapshot()).isEqualTo(Plans.backupGroup()));
        assertThat(run.published(Payload.Paused.class)).last()
                .satisfies(p -> assertThat(p.message()).contains("no gate verdict"));
        assertThat(run.state.spot().failover()).isNull();
    }

    @Test
    void aFailedBackupPreflightNeverTouchesTheBackupGroup() {
        // Given a storm across the primary
        stormAcrossThePrimaryAtStepTwo(Plans.withBackup());

        // When the backup group's probes fail
        backupProbes(List.of(PreflightCheck.failed(PreflightCheck.FAILBACK_READY, "group etl-asg-backup not found")));

        // Then nothing is set there and the reason is told; the primary stays on-demand
        assertThat(run.shares("us-east-2")).isEmpty();
        assertThat(run.published(Payload.Paused.class)).last().satisfies(p -> assertThat(p.message())
                .contains("refused by its pre-flight", "group etl-asg-backup not found"));
        assertThat(run.state.spot().failover()).isNull();
        assertThat(run.state.spotPercent()).isZero();
    }

    @Test
    void aPlanWithoutABackupGroupOnlyFallsBackToOnDemand() {
        // When every pool of the primary storms for a plan without a backup group
        stormAcrossThePrimaryAtStepTwo(Plans.pilot());

        // Then no failover is tried
        assertThat(run.lastCommand(Command.RunPreflightProbes.class)).isNull();
        assertThat(run.state.spot().failover()).isNull();
    }

    @Test
    void anAbortDuringAFailoverRestoresTheBackupGroupToo() {
        // Given the share failed over and its gate passed
        stormAcrossThePrimaryAtStepTwo(Plans.withBackup());
        backupProbes(Plans.allProbesPass());
        run.advance(Plans.WINDOW_MS).verdict(1, GateResult.PASS);
        run.forgetOutput();

        // When an operator aborts
        run.operator(OperatorAction.ABORT, null);

        // Then the backup goes to 0 % and the primary is restored; nothing stays on spot anywhere
        assertThat(run.shares("us-east-2")).isEmpty();
        assertThat(run.restores("us-east-2")).singleElement()
                .satisfies(r -> assertThat(r.snapshot()).isEqualTo(Plans.backupGroup()));
        assertThat(run.state.stage()).isEqualTo(Stage.ABORTED);
        assertThat(run.state.spot().failover()).isNull();
    }

    @Test
    void anOperatorResumeEndsTheFailoverAndGoesOnFromThePrimary() {
        // Given the share failed over and its gate passed
        stormAcrossThePrimaryAtStepTwo(Plans.withBackup());
        backupProbes(Plans.allProbesPass());
        run.advance(Plans.WINDOW_MS).verdict(1, GateResult.PASS);
        run.forgetOutput();

        // When an operator resumes
        run.operator(OperatorAction.RESUME, null);

        // Then the backup goes to 0 % and the rollout goes on in the primary
        assertThat(run.shares("us-east-2")).isEmpty();
        assertThat(run.restores("us-east-2")).singleElement()
                .satisfies(r -> assertThat(r.snapshot()).isEqualTo(Plans.backupGroup()));
        assertThat(run.shares("us-east-1")).isNotEmpty();
        assertThat(run.state.spot().failover()).isNull();
        assertThat(run.state.stage()).isEqualTo(Stage.SHIFTING);
    }
}
