package dev.spotshift.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The two other ways into a backup-region failover (a storm across the primary is {@link FailoverTest}'s): the
 * primary out of spot capacity in every pool, and an operator's FAILOVER. The pilot with a backup group in us-east-2,
 * steps 25/50/75/100.
 */
class FailoverTriggersTest {

    private static final List<String> TYPES = List.of("m5.large", "m5a.large", "m5n.large");
    private static final String BACKUP = "us-east-2/etl-asg-backup";
    private static final String NO_CAPACITY = "autoscaling:UpdateAutoScalingGroup failed (INSUFFICIENT_CAPACITY): "
            + "InsufficientInstanceCapacity: no spot capacity for [m5.large, m5a.large, m5n.large] in us-east-1";

    private final RolloutScenario run = new RolloutScenario();

    /** Step 1 (50 %) passed, step 2 (75 %) asked of the primary and not yet answered: its share command. */
    private Command.SetSpotShare stepTwoAskedOf(PlanSpec plan) {
        run.atStep(plan, 1);
        run.advance(Plans.WINDOW_MS).verdict(1, GateResult.PASS);
        run.answerShares = false;
        run.advance(Plans.INTERVAL_MS - Plans.WINDOW_MS);
        run.answerShares = true;
        assertThat(run.state.gate().step()).isEqualTo(2);
        Command.SetSpotShare share = run.lastCommand(Command.SetSpotShare.class);
        assertThat(share.spotPercent()).isEqualTo(75);
        run.forgetOutput();
        return share;
    }

    /** Returns the failed outcome's event id. */
    private String failed(Command.SetSpotShare share, String error, boolean noSpotCapacity) {
        String outcomeId = RolloutScenario.id();
        run.apply(new Input.CloudAnswered(outcomeId, share.commandId(),
                new Input.CloudCallFailed(share.spotPercent(), error, share.commandId(), noSpotCapacity, outcomeId)));
        return outcomeId;
    }

    private void backupProbesPass() {
        Command.RunPreflightProbes probes = run.lastCommand(Command.RunPreflightProbes.class);
        run.apply(new Input.CloudAnswered(RolloutScenario.id(), probes.commandId(),
                new Input.ProbesCompleted(Plans.allProbesPass(), Plans.backupGroup())));
    }

    @Test
    void aStepThatFindsNoSpotCapacityInAnyPoolOfThePrimaryRollsBackForTheShortageFailsOverAndFailsBackOnRecovery() {
        // Given step 2 (75 %) asked of us-east-1 after step 1 (50 %) passed
        Command.SetSpotShare stepTwo = stepTwoAskedOf(Plans.withBackup());

        // When the cloud answers that no pool of us-east-1 has spot capacity for it
        String outcome = failed(stepTwo, NO_CAPACITY, true);

        // Then the primary goes on-demand and holds, a capacity shortage caused by that outcome, and the backup is
        // pre-flighted
        assertThat(run.shares("us-east-1")).extracting(Command.SetSpotShare::spotPercent).containsExactly(0);
        assertThat(run.publishes()).filteredOn(p -> p.payload() instanceof Payload.RolledBack).singleElement()
                .satisfies(p -> assertThat(p.causationId()).isEqualTo(outcome));
        assertThat(run.published(Payload.RolledBack.class)).singleElement().satisfies(r -> {
            assertThat(r.trigger()).isEqualTo(RollbackTrigger.CAPACITY_SHORTAGE);
            assertThat(r.toSpotPercent()).isZero();
            assertThat(r.reason()).contains("every pool of the plan in us-east-1 is out of spot capacity",
                    "InsufficientInstanceCapacity");
        });
        assertThat(run.state.stage()).isEqualTo(Stage.PAUSED);
        assertThat(run.state.pausedBy(PauseCondition.Reason.CAPACITY_SHORTAGE)).isTrue();
        assertThat(run.state.pausedBy(PauseCondition.Reason.INTERRUPTION_STORM)).isFalse();
        assertThat(run.published(Payload.Paused.class)).extracting(Payload.Paused::reason)
                .contains(PauseCondition.Reason.CAPACITY_SHORTAGE).doesNotContain(PauseCondition.Reason.INTERRUPTION_STORM);
        assertThat(run.lastCommand(Command.RunPreflightProbes.class).plan().region()).isEqualTo("us-east-2");
        assertThat(run.published(Payload.Paused.class)).anySatisfy(p -> {
            assertThat(p.reason()).isEqualTo(PauseCondition.Reason.FAILOVER);
            assertThat(p.message()).contains("out of spot capacity", "step 1 (50 %)", BACKUP);
        });

        // When the backup's pre-flight and gate pass
        backupProbesPass();
        run.advance(Plans.WINDOW_MS).verdict(1, GateResult.PASS);

        // Then the last good share runs in us-east-2 while us-east-1 stays on-demand
        assertThat(run.shares("us-east-2")).extracting(Command.SetSpotShare::spotPercent).containsExactly(100);
        assertThat(run.state.spot().failover().phase()).isEqualTo(Failover.Phase.ACTIVE);
        assertThat(run.shares("us-east-1")).extracting(Command.SetSpotShare::spotPercent).containsExactly(0);

        // When the primary reads healthy past the hold-down
        run.forgetOutput();
        run.healthyMarketFor(TYPES, 180);

        // Then one fail-back: the backup group restored and step 1 re-run in us-east-1
        assertThat(run.published(Payload.Resumed.class)).singleElement()
                .satisfies(r -> assertThat(r.by()).contains("fail-back from " + BACKUP));
        assertThat(run.shares("us-east-2")).isEmpty();
        assertThat(run.restores("us-east-2")).singleElement()
                .satisfies(r -> assertThat(r.snapshot()).isEqualTo(Plans.backupGroup()));
        assertThat(run.shares("us-east-1")).first().satisfies(s -> assertThat(s.spotPercent()).isEqualTo(50));
        assertThat(run.state.spot().failover()).isNull();
    }

    @Test
    void aStepThatFailsForAnotherReasonStillEndsThePlanOnDemandWithoutAFailover() {
        // Given step 2 asked of us-east-1
        Command.SetSpotShare stepTwo = stepTwoAskedOf(Plans.withBackup());

        // When it fails for want of permission, not of capacity
        failed(stepTwo, "autoscaling:UpdateAutoScalingGroup failed (ACCESS_DENIED): not authorized", false);

        // Then the plan rolls back fully, as before, and no backup is tried
        assertThat(run.state.stage()).isEqualTo(Stage.ROLLED_BACK);
        assertThat(run.lastCommand(Command.RunPreflightProbes.class)).isNull();
        assertThat(run.state.spot().failover()).isNull();
    }

    @Test
    void noSpotCapacityForAPlanWithoutABackupGroupEndsThePlanOnDemandAsBefore() {
        // Given step 2 asked of us-east-1 for a plan with no backup group
        Command.SetSpotShare stepTwo = stepTwoAskedOf(Plans.pilot());

        // When no pool has spot capacity for it
        failed(stepTwo, NO_CAPACITY, true);

        // Then it rolls back fully, with the cloud's reason
        assertThat(run.state.stage()).isEqualTo(Stage.ROLLED_BACK);
        assertThat(run.lastCommand(Command.RunPreflightProbes.class)).isNull();
    }

    @Test
    void anOperatorsFailoverMovesTheLastPassedShareToTheBackupAndHoldsUntilTheOperatorResumes() {
        // Given the plan at step 2 (75 %) in us-east-1, step 1 (50 %) passed
        run.atStep(Plans.withBackup(), 2);
        run.forgetOutput();

        // When an operator asks for a failover
        run.operator(OperatorAction.FAILOVER, null);

        // Then us-east-1 goes on-demand, held for the operator, and the backup group is pre-flighted
        assertThat(run.shares("us-east-1")).extracting(Command.SetSpotShare::spotPercent).containsExactly(0);
        assertThat(run.published(Payload.RolledBack.class)).singleElement().satisfies(r -> {
            assertThat(r.trigger()).isEqualTo(RollbackTrigger.OPERATOR);
            assertThat(r.reason()).contains("failover asked by operator alice: test");
        });
        assertThat(run.state.pausedBy(PauseCondition.Reason.ROLLBACK_HOLD)).isTrue();
        assertThat(run.state.spot().failover().stepIndex()).isEqualTo(1);
        assertThat(run.lastCommand(Command.RunPreflightProbes.class).plan().groupName()).isEqualTo("etl-asg-backup");

        // When the backup's pre-flight and gate pass
        backupProbesPass();
        run.advance(Plans.WINDOW_MS).verdict(1, GateResult.PASS);

        // Then the 50 % share runs in us-east-2, and a healthy primary market brings nothing back by itself
        assertThat(run.shares("us-east-2")).extracting(Command.SetSpotShare::spotPercent).containsExactly(100);
        assertThat(run.state.spot().failover().phase()).isEqualTo(Failover.Phase.ACTIVE);
        run.advance(3 * 3_600_000L);
        assertThat(run.published(Payload.Resumed.class)).isEmpty();
        assertThat(run.state.spot().failover().phase()).isEqualTo(Failover.Phase.ACTIVE);

        // When the operator resumes
        run.forgetOutput();
        run.operator(OperatorAction.RESUME, null);

        // Then it fails back: the backup group restored and the rollout goes on in us-east-1
        assertThat(run.shares("us-east-2")).isEmpty();
        assertThat(run.restores("us-east-2")).singleElement()
                .satisfies(r -> assertThat(r.snapshot()).isEqualTo(Plans.backupGroup()));
        assertThat(run.shares("us-east-1")).isNotEmpty();
        assertThat(run.state.spot().failover()).isNull();
        assertThat(run.state.stage()).isEqualTo(Stage.SHIFTING);
    }

    /** The pilot with its backup group and a spot price cap of $0.045/h (seed 001: 0.7 x m5.large on-demand). */
    private static PlanSpec cappedWithBackup() {
        SpotRules r = Plans.withBackup().spotRules();
        return Plans.withSpotRules(Plans.withBackup(), new SpotRules(r.maxInterruptionRatePercent(),
                r.maxPriceVariationPercent(), r.priceLookbackMillis(), r.returnToSpotHoldMillis(), 45_000L, null,
                r.minCostEfficiencyPercent(), r.returnAfterRollback()));
    }

    @Test
    void theBackupsShareCarriesThePlansSpotPriceCapAsThePrimarysSteps() {
        // Given a plan capped at $0.045/h at step 2, whose steps carried the cap in us-east-1
        run.atStep(cappedWithBackup(), 2);
        assertThat(run.shares("us-east-1")).allSatisfy(s -> assertThat(s.maxPriceMicros()).isEqualTo(45_000L));
        run.forgetOutput();

        // When an operator fails it over and the backup's pre-flight passes
        run.operator(OperatorAction.FAILOVER, null);
        backupProbesPass();

        // Then the backup group's share carries the same cap (what the actuator sets as its SpotMaxPrice)
        assertThat(run.shares("us-east-2")).singleElement().satisfies(s -> {
            assertThat(s.spotPercent()).isEqualTo(100);
            assertThat(s.maxPriceMicros()).isEqualTo(45_000L);
        });
    }

    @Test
    void anOperatorsFailoverOfAPlanWithoutABackupGroupIsRefusedWithTheReasonAndChangesNothing() {
        // Given a plan without a backup group at step 2 (75 %)
        run.atStep(Plans.pilot(), 2);
        run.forgetOutput();

        // When an operator asks for a failover
        run.operator(OperatorAction.FAILOVER, null);

        // Then it is refused with the reason, and the rollout goes on where it was
        assertThat(run.published(Payload.Paused.class)).singleElement().satisfies(p -> {
            assertThat(p.reason()).isEqualTo(PauseCondition.Reason.FAILOVER);
            assertThat(p.message()).contains("failover asked by operator alice: test refused",
                    "no backup region's group");
        });
        assertThat(run.spotShares()).isEmpty();
        assertThat(run.lastCommand(Command.RunPreflightProbes.class)).isNull();
        assertThat(run.state.stage()).isEqualTo(Stage.SHIFTING);
        assertThat(run.state.spotPercent()).isEqualTo(75);
    }

    @Test
    void anOperatorsFailoverBeforeAnyStepPassedIsRefused() {
        // Given the first step (25 %) in flight, none passed
        run.atFirstStep(Plans.withBackup());
        run.forgetOutput();

        // When an operator asks for a failover
        run.operator(OperatorAction.FAILOVER, null);

        // Then it is refused: there is no judged share to move
        assertThat(run.published(Payload.Paused.class)).singleElement().satisfies(p -> assertThat(p.message())
                .contains("refused", "not on spot with a passed step", "no step passed"));
        assertThat(run.spotShares()).isEmpty();
        assertThat(run.state.spot().failover()).isNull();
        assertThat(run.state.stage()).isEqualTo(Stage.SHIFTING);
    }

    @Test
    void anOperatorsFailoverWhileOneIsUnderWayIsRefused() {
        // Given a failover under way after every pool of us-east-1 ran out of spot capacity
        Command.SetSpotShare stepTwo = stepTwoAskedOf(Plans.withBackup());
        failed(stepTwo, NO_CAPACITY, true);
        run.forgetOutput();

        // When an operator asks for one too
        run.operator(OperatorAction.FAILOVER, null);

        // Then it is refused, naming the one under way; nothing is sent
        assertThat(run.published(Payload.Paused.class)).singleElement().satisfies(p -> assertThat(p.message())
                .contains("refused", "a failover to " + BACKUP + " is already PREFLIGHT"));
        assertThat(run.commands).allMatch(Command.Publish.class::isInstance);
    }

    @Test
    void anOperatorsFailoverOfAPlanOnDemandAfterAFailedFailoverTriesTheBackupAgain() {
        // Given every pool of us-east-1 out of spot capacity, and the backup's gate then failed
        Command.SetSpotShare stepTwo = stepTwoAskedOf(Plans.withBackup());
        failed(stepTwo, NO_CAPACITY, true);
        backupProbesPass();
        run.advance(Plans.WINDOW_MS).verdict(1, GateResult.FAIL, "processing time +12 %");
        assertThat(run.state.spot().failover()).isNull();
        run.forgetOutput();

        // When an operator asks for a failover again
        run.operator(OperatorAction.FAILOVER, null);

        // Then the backup group is pre-flighted again for the last good step, us-east-1 untouched (already on-demand)
        assertThat(run.lastCommand(Command.RunPreflightProbes.class).plan().region()).isEqualTo("us-east-2");
        assertThat(run.state.spot().failover().stepIndex()).isEqualTo(1);
        assertThat(run.shares("us-east-1")).isEmpty();
        assertThat(run.state.pausedBy(PauseCondition.Reason.CAPACITY_SHORTAGE)).isTrue();
    }
}
