package dev.spotshift.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A failover's backup group holds exactly the moved share: sized to the spot instances the step held in the primary
 * (desired = min = max, all spot), and put back as its pre-flight found it on the fail-back and on every way back.
 * The pilot with a backup group in us-east-2, its primary group read at 4 instances by its pre-flight.
 */
class BackupGroupSizeTest {

    private static final List<String> TYPES = List.of("m5.large", "m5a.large", "m5n.large");
    private static final String NO_CAPACITY = "autoscaling:UpdateAutoScalingGroup failed (INSUFFICIENT_CAPACITY): "
            + "InsufficientInstanceCapacity: no spot capacity in us-east-1";

    private final RolloutScenario run = new RolloutScenario();

    private static GroupSnapshot primaryOf(int desired, int onDemandBase) {
        return new GroupSnapshot(desired, desired + 2, desired, true, onDemandBase, 100, "capacity-optimized", null,
                "prioritized", "lt-etl", null, "$Latest", TYPES);
    }

    /** Step 1 (50 %) passed on a primary of {@code desired}; step 2 (75 %) then finds no spot capacity. */
    private void shortageAtStepTwo(int desired, int onDemandBase) {
        run.groupRead = primaryOf(desired, onDemandBase);
        run.atStep(Plans.withBackup().toBuilder().onDemandBase(onDemandBase).build(), 1);
        run.advance(Plans.WINDOW_MS).verdict(1, GateResult.PASS);
        run.answerShares = false;
        run.advance(Plans.INTERVAL_MS - Plans.WINDOW_MS);
        run.answerShares = true;
        Command.SetSpotShare stepTwo = run.lastCommand(Command.SetSpotShare.class);
        assertThat(stepTwo.spotPercent()).isEqualTo(75);
        String outcome = RolloutScenario.id();
        run.apply(new Input.CloudAnswered(outcome, stepTwo.commandId(),
                new Input.CloudCallFailed(75, NO_CAPACITY, stepTwo.commandId(), true, outcome)));
    }

    private void backupProbesPass(GroupSnapshot read) {
        Command.RunPreflightProbes probes = run.lastCommand(Command.RunPreflightProbes.class);
        run.apply(new Input.CloudAnswered(RolloutScenario.id(), probes.commandId(),
                new Input.ProbesCompleted(Plans.allProbesPass(), read)));
    }

    private void failedOverAndPassed() {
        shortageAtStepTwo(4, 0);
        backupProbesPass(Plans.backupGroup());
        run.advance(Plans.WINDOW_MS).verdict(1, GateResult.PASS);
        assertThat(run.state.spot().failover().phase()).isEqualTo(Failover.Phase.ACTIVE);
        run.forgetOutput();
    }

    @Test
    void theBackupGroupIsSizedToExactlyTheSpotInstancesTheLastGoodStepHeldInThePrimaryAllOnSpot() {
        // Given a primary of 4 at step 1 (50 %: 2 spot, 2 on-demand) whose next step found no spot capacity
        shortageAtStepTwo(4, 0);
        assertThat(run.published(Payload.Paused.class)).anySatisfy(p -> {
            assertThat(p.reason()).isEqualTo(PauseCondition.Reason.FAILOVER);
            assertThat(p.message()).contains("step 1 (50 %) moves to us-east-2/etl-asg-backup as 2 spot instances");
        });

        // When the backup group's pre-flight passes
        backupProbesPass(Plans.backupGroup());

        // Then one change sizes it to the 2 moved instances, all spot, with the plan's types and no scaling rules
        assertThat(run.shares("us-east-2")).singleElement().satisfies(s -> {
            assertThat(s.groupName()).isEqualTo("etl-asg-backup");
            assertThat(s.size()).isEqualTo(new Command.GroupSize(2, 2, 2));
            assertThat(s.spotPercent()).isEqualTo(100);
            assertThat(s.onDemandBase()).isZero();
            assertThat(s.instanceTypes()).containsExactlyElementsOf(TYPES);
            assertThat(s.scaling()).isNull();
        });
        assertThat(run.state.spot().failover().instances()).isEqualTo(2);
        assertThat(run.state.spot().failover().backupBefore()).isEqualTo(Plans.backupGroup());
        // And the events still announce the step's share, as the monitor and the audit read it
        assertThat(run.published(Payload.StepStarted.class)).last()
                .satisfies(s -> assertThat(s.toSpotPercent()).isEqualTo(50));
    }

    @Test
    void theMovedShareLeavesThePrimarysOnDemandBaseAndRoundsOnDemandUpAsAutoScalingDoes() {
        // Given a primary of 4 with an on-demand base of 1 at 50 %: 3 above the base, 2 of them on-demand (1.5 up)
        shortageAtStepTwo(4, 1);

        // When the backup's pre-flight passes
        backupProbesPass(Plans.backupGroup());

        // Then the backup holds the one spot instance
        assertThat(run.shares("us-east-2")).singleElement()
                .satisfies(s -> assertThat(s.size()).isEqualTo(new Command.GroupSize(1, 1, 1)));
    }

    @Test
    void theFailBackRestoresTheBackupGroupAsItsPreflightFoundItAndEndsTheFailoverOnceItReadsBack() {
        // Given the 2 instances failed over and their gate passed
        failedOverAndPassed();
        run.answerShares = false;

        // When the primary's market reads healthy past the hold-down
        run.healthyMarketFor(TYPES, 180);

        // Then the backup group is restored whole (sizes and mix as read), no share set on it, and the reason says so
        Command.RestoreGroup restore = run.restores("us-east-2").get(0);
        assertThat(restore.groupName()).isEqualTo("etl-asg-backup");
        assertThat(restore.snapshot()).isEqualTo(Plans.backupGroup());
        assertThat(run.shares("us-east-2")).isEmpty();
        assertThat(run.published(Payload.Resumed.class)).singleElement().satisfies(r -> assertThat(r.by())
                .contains("fail-back from us-east-2/etl-asg-backup", "2 instances, back to the group's own size and mix"));
        assertThat(run.state.spot().failover().phase()).isEqualTo(Failover.Phase.RELEASING);

        // When the restore reads back
        run.apply(new Input.CloudAnswered(RolloutScenario.id(), restore.commandId(), new Input.ShareApplied(0, true, 0)));

        // Then the failover is over
        assertThat(run.state.spot().failover()).isNull();
    }

    @Test
    void aRestoreThatFailsIsRetriedWithTheSameSnapshotUntilItReadsBack() {
        // Given the fail-back's restore of the backup group sent
        failedOverAndPassed();
        run.answerShares = false;
        run.operator(OperatorAction.RESUME, null);
        Command.RestoreGroup first = run.restores("us-east-2").get(0);

        // When it fails after the actuator's own retries
        run.apply(new Input.CloudAnswered(RolloutScenario.id(), first.commandId(),
                new Input.CloudCallFailed(0, "autoscaling:UpdateAutoScalingGroup failed (THROTTLED)", first.commandId(),
                        false)));
        run.advance(Failovers.RELEASE_RETRY_MILLIS);

        // Then the same restore is asked again under a new id, the failure told, and the failover still releasing
        assertThat(run.restores("us-east-2")).hasSize(2).allSatisfy(r -> assertThat(r.snapshot())
                .isEqualTo(Plans.backupGroup()));
        assertThat(run.restores("us-east-2").get(1).commandId()).isNotEqualTo(first.commandId());
        assertThat(run.published(Payload.CloudActionFailed.class)).singleElement()
                .satisfies(f -> assertThat(f.action()).isEqualTo("restore the group us-east-2/etl-asg-backup"));
        assertThat(run.state.spot().failover().phase()).isEqualTo(Failover.Phase.RELEASING);
    }

    @Test
    void aFullRollbackDuringTheFailoverRestoresTheBackupGroupToo() {
        // Given the 2 instances failed over and their gate passed
        failedOverAndPassed();

        // When the monitor orders a full rollback
        run.rollback("rb-1", RollbackLevel.FULL, RollbackTrigger.ERROR_RATE);

        // Then the backup group is restored as read, nothing left sized on spot there
        assertThat(run.restores("us-east-2")).singleElement()
                .satisfies(r -> assertThat(r.snapshot()).isEqualTo(Plans.backupGroup()));
        assertThat(run.shares("us-east-2")).isEmpty();
        assertThat(run.state.spot().failover()).isNull();
    }

    @Test
    void aBackupGroupWhoseConfigurationThePreflightCouldNotReadIsNeverResized() {
        // Given a shortage in the primary
        shortageAtStepTwo(4, 0);

        // When the backup's probes pass but bring no reading of the group (nothing to put it back to)
        backupProbesPass(null);

        // Then the failover is refused with the reason and the backup group is not touched
        assertThat(run.shares("us-east-2")).isEmpty();
        assertThat(run.published(Payload.Paused.class)).last().satisfies(p -> assertThat(p.message())
                .contains("refused by its pre-flight", "configuration could not be read"));
        assertThat(run.state.spot().failover()).isNull();
        assertThat(run.state.pausedBy(PauseCondition.Reason.CAPACITY_SHORTAGE)).isTrue();
    }
}
