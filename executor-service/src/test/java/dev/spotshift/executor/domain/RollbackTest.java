package dev.spotshift.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RollbackTest {

    private final RolloutScenario run = new RolloutScenario();
    private final PlanSpec plan = Plans.pilot();

    @Test
    void immediateFullRollbackAtSeventyFiveEndsRolledBackAllOnDemand() {
        // Given step 2 (75 %) in flight
        run.atStep(plan, 2);

        // When the monitor orders a full rollback for the error rate
        run.rollback("plan-1:ERROR_RATE:1", RollbackLevel.FULL, RollbackTrigger.ERROR_RATE);

        // Then everything goes on-demand and the plan ends
        assertThat(run.spotShares()).endsWith(75, 0);
        Payload.RolledBack rolledBack = run.published(Payload.RolledBack.class).get(0);
        assertThat(rolledBack.level()).isEqualTo(RollbackLevel.FULL);
        assertThat(rolledBack.commandId()).isEqualTo("plan-1:ERROR_RATE:1");
        assertThat(rolledBack.fromSpotPercent()).isEqualTo(75);
        assertThat(rolledBack.toSpotPercent()).isZero();
        assertThat(run.state.stage()).isEqualTo(Stage.ROLLED_BACK);
        assertThat(((Payload.Finished) run.lastPublish().payload()).outcome()).isEqualTo(Stage.ROLLED_BACK);

        // And nothing afterwards moves it
        run.advance(Plans.WINDOW_MS).verdict(2, GateResult.PASS);
        assertThat(run.last.ignoredReason()).contains("after the plan ended ROLLED_BACK");
    }

    @Test
    void rollbackCommandIsAppliedOncePerCommandId() {
        // Given a step rollback already applied at 75 %
        run.atStep(plan, 2).rollback("cmd-7", RollbackLevel.STEP, RollbackTrigger.PERFORMANCE_DEGRADATION);

        // When the same command arrives again (a new event carrying the same commandId)
        run.rollback("cmd-7", RollbackLevel.STEP, RollbackTrigger.PERFORMANCE_DEGRADATION);

        // Then it is not applied twice: one step back only
        assertThat(run.last.ignoredReason()).contains("rollback command cmd-7 already applied");
        assertThat(run.spotShares()).containsExactly(25, 50, 75, 50);
        assertThat(run.published(Payload.RolledBack.class)).hasSize(1);
    }

    @Test
    void redeliveredEventIsIgnoredById() {
        // Given a verdict applied
        run.atFirstStep(plan).advance(Plans.WINDOW_MS);
        Input.VerdictReceived verdict = new Input.VerdictReceived("verdict-1", 0, GateResult.FAIL, java.util.List.of());
        run.apply(verdict);

        // When the very same event comes again
        run.operator(OperatorAction.RESUME, null).apply(verdict);

        // Then it is ignored as a duplicate
        assertThat(run.last.ignoredReason()).isEqualTo("duplicate event verdict-1");
    }

    @Test
    void phaseRollbackGoesToZeroSpotKeepsThePlanAndResumesFromTheFirstStep() {
        // Given step 2 in flight at 75 %
        run.atStep(plan, 2);

        // When a phase rollback is ordered
        run.rollback("cmd-phase", RollbackLevel.PHASE, RollbackTrigger.COST_EFFICIENCY);

        // Then the share is 0 % and the plan is paused, not ended
        assertThat(run.spotShares()).endsWith(0);
        assertThat(run.state.stage()).isEqualTo(Stage.PAUSED);
        assertThat(run.state.completedStep()).isEqualTo(-1);

        // And a resume starts again at the first step
        run.operator(OperatorAction.RESUME, null);
        assertThat(run.spotShares()).endsWith(0, 25);
        assertThat(run.state.gate().step()).isZero();
    }

    @Test
    void stepRollbackWhileWaitingForTheNextStepLandsOnTheStepBelow() {
        // Given step 1 passed at 50 %, waiting for the interval
        run.atStep(plan, 1).advance(Plans.WINDOW_MS).verdict(1, GateResult.PASS);

        // When a gradual trigger orders a step rollback
        run.rollback("cmd-step", RollbackLevel.STEP, RollbackTrigger.PERFORMANCE_DEGRADATION);

        // Then the share is back at 25 % and the interval's timer no longer fires
        assertThat(run.spotShares()).endsWith(50, 25);
        run.advance(Plans.INTERVAL_MS);
        assertThat(run.spotShares()).endsWith(50, 25);
        assertThat(run.state.completedStep()).isZero();
    }

    @Test
    void capacityCallThatKeepsFailingEndsInAFullRollback() {
        // Given step 1 in flight
        run.atStep(plan, 1);

        // When the adapter reports the share change failed after retries
        run.apply(new Input.CloudCallFailed(50, "autoscaling:UpdateAutoScalingGroup failed (THROTTLED)"));

        // Then capacity goes back to on-demand with the error as the reason
        assertThat(run.spotShares()).endsWith(0);
        assertThat(run.state.stage()).isEqualTo(Stage.ROLLED_BACK);
        assertThat(run.published(Payload.RolledBack.class).get(0).reason()).contains("THROTTLED");
    }

    @Test
    void failedReturnToOnDemandIsRetriedWithBackoffUntilTheGroupReadsBackOnDemandAndNeverFails() {
        // Given a full rollback whose way back the actuator cannot carry out (throttled)
        run.answerShares = false;
        run.atStep(plan, 1);
        answerShares();
        run.rollback("cmd", RollbackLevel.FULL, RollbackTrigger.JOB_FAILURE);
        Command.SetSpotShare first = run.lastCommand(Command.SetSpotShare.class);
        assertThat(run.state.stage()).isEqualTo(Stage.ROLLING_BACK);

        // When the 0 % call fails twice
        run.apply(new Input.CloudAnswered("o-1", first.commandId(),
                new Input.CloudCallFailed(0, "THROTTLED: Rate exceeded", first.commandId())));
        run.advance(1_000);
        Command.SetSpotShare second = run.lastCommand(Command.SetSpotShare.class);
        run.apply(new Input.CloudAnswered("o-2", second.commandId(),
                new Input.CloudCallFailed(0, "THROTTLED: Rate exceeded", second.commandId())));

        // Then the plan stays ROLLING_BACK, says the error and the attempt, and asks again with backoff (1 s, then 2 s)
        assertThat(run.state.stage()).isEqualTo(Stage.ROLLING_BACK);
        assertThat(second.commandId()).isNotEqualTo(first.commandId());
        assertThat(second.spotPercent()).isZero();
        assertThat(run.published(Payload.CloudActionFailed.class)).extracting(Payload.CloudActionFailed::attempt)
                .containsExactly(1, 2);
        assertThat(run.published(Payload.CloudActionFailed.class).get(1).error()).contains("THROTTLED");
        assertThat(run.state.nextDueAt()).contains(run.now.plusMillis(2_000));

        // When the third attempt is read back on-demand
        run.advance(2_000);
        Command.SetSpotShare third = run.lastCommand(Command.SetSpotShare.class);
        assertThat(third.commandId()).isNotIn(first.commandId(), second.commandId());
        run.apply(new Input.CloudAnswered("o-3", third.commandId(), new Input.ShareApplied(0, true, 0)));

        // Then, and only then, it ends ROLLED_BACK, never FAILED
        assertThat(run.state.stage()).isEqualTo(Stage.ROLLED_BACK);
        assertThat(((Payload.Finished) run.lastPublish().payload()).reason()).contains("after 2 failed attempts");
    }

    @Test
    void anOutcomeIsAppliedOnceAndOneForACommandThePlanNeverSentIsIgnoredWithTheReason() {
        // Given a full rollback waiting for its way back
        run.answerShares = false;
        run.atStep(plan, 1);
        answerShares();
        run.rollback("cmd", RollbackLevel.FULL, RollbackTrigger.JOB_FAILURE);
        Command.SetSpotShare back = run.lastCommand(Command.SetSpotShare.class);

        // When an outcome names a command nobody sent
        run.apply(new Input.CloudAnswered("o-x", "no-such-command", new Input.ShareApplied(0, true, 0)));

        // Then it is ignored with the reason and the plan still waits
        assertThat(run.last.ignoredReason()).contains("no-such-command").contains("not waiting for");
        assertThat(run.state.stage()).isEqualTo(Stage.ROLLING_BACK);

        // When the real outcome arrives twice
        run.apply(new Input.CloudAnswered("o-1", back.commandId(), new Input.ShareApplied(0, true, 0)));
        run.apply(new Input.CloudAnswered("o-1", back.commandId(), new Input.ShareApplied(0, true, 0)));

        // Then the first ends the plan and the second is a duplicate
        assertThat(run.state.stage()).isEqualTo(Stage.ROLLED_BACK);
        assertThat(run.last.applied()).isFalse();
        assertThat(run.published(Payload.Finished.class)).hasSize(1);
    }

    /** Answers every share change sent so far as carried out (what the actuator does when all goes well). */
    private void answerShares() {
        for (Command c : java.util.List.copyOf(run.commands)) {
            if (c instanceof Command.SetSpotShare s && run.state.awaits(s.commandId())) {
                run.apply(new Input.CloudAnswered("ok-" + s.commandId(), s.commandId(),
                        new Input.ShareApplied(s.spotPercent(), true, 0)));
            }
        }
    }
}
