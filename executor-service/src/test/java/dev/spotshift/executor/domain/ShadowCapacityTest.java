package dev.spotshift.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Seed 000's shadow run on real capacity: launched when the phase starts, removed on every end of it. */
class ShadowCapacityTest {

    private static final long SHADOW_MS = 120_000;

    private final RolloutScenario run = new RolloutScenario();
    private final PlanSpec shadowPlan = Plans.inMode(PlanSpec.Mode.SHADOW, SHADOW_MS);

    @Test
    void launchesThePlansShadowCapacityWhenTheShadowRunStarts() {
        // When a shadow-mode plan is past its baseline
        inShadowRun();

        // Then one launch asks for as many spot instances as serve the workload, of the plan's types, and nothing
        // is removed yet
        Command.LaunchShadowCapacity launch = run.lastCommand(Command.LaunchShadowCapacity.class);
        assertThat(launch).isNotNull();
        assertThat(launch.region()).isEqualTo("us-east-1");
        assertThat(launch.planId()).isEqualTo("plan-1");
        assertThat(launch.instanceTypes()).containsExactly("m5.large", "m5a.large", "m5n.large");
        assertThat(launch.count()).isEqualTo(shadowPlan.targetCapacity());
        assertThat(launch.writes()).isTrue();
        assertThat(run.lastCommand(Command.RemoveShadowCapacity.class)).isNull();
    }

    @Test
    void aLivePlanLaunchesNoShadowCapacity() {
        // When a live plan goes from its baseline into the shift
        run.atFirstStep(Plans.pilot());

        // Then no shadow capacity was asked for or removed
        assertThat(run.commands).noneMatch(c -> c instanceof Command.LaunchShadowCapacity
                || c instanceof Command.RemoveShadowCapacity);
    }

    @Test
    void removesTheShadowCapacityWhenThePassedShadowRunHandsOverToTheShift() {
        // Given a running shadow run whose capacity is up
        inShadowRun();
        launched("i-shadow-1");

        // When matching outputs pass it and the first step starts
        run.metric(true, 20, 0, 0).advance(SHADOW_MS).shadowCriteria(GateResult.PASS);

        // Then the shift started and the shadow capacity was removed in the same transition, for this plan's region
        assertThat(run.spotShares()).containsExactly(25);
        Command.RemoveShadowCapacity remove = run.lastCommand(Command.RemoveShadowCapacity.class);
        assertThat(remove).isNotNull();
        assertThat(remove.region()).isEqualTo("us-east-1");
        assertThat(remove.planId()).isEqualTo("plan-1");
        assertThat(removals()).isEqualTo(1);
    }

    @Test
    void removesTheShadowCapacityWhenTheShadowRunFails() {
        // Given a running shadow run
        inShadowRun();

        // When one output differs and the run's verdict fails it
        run.metric(true, 20, 0, 1).advance(SHADOW_MS).shadowCriteria(GateResult.FAIL);

        // Then the plan rolled back and its shadow capacity went with the phase
        assertThat(run.state.stage()).isEqualTo(Stage.ROLLED_BACK);
        assertThat(removals()).isEqualTo(1);
    }

    @Test
    void removesTheShadowCapacityWhenTheMonitorRollsBackOnADataInconsistency() {
        // Given a running shadow run
        inShadowRun();

        // When the monitor orders a full rollback on a mismatching output
        run.rollback("rb-1", RollbackLevel.FULL, RollbackTrigger.DATA_INCONSISTENCY);

        // Then the shadow phase ended and its capacity is removed
        assertThat(run.state.stage()).isNotEqualTo(Stage.SHADOW);
        assertThat(removals()).isEqualTo(1);
    }

    @Test
    void removesTheShadowCapacityWhenAnOperatorAbortsOrTheKillSwitchHolds() {
        // Given two shadow runs: one an operator aborts, one the kill switch holds
        inShadowRun();
        run.operator(OperatorAction.ABORT, null);
        assertThat(removals()).isEqualTo(1);

        RolloutScenario held = new RolloutScenario();
        held.approved(shadowPlan).probes(Plans.allProbesPass()).servingMetric().advance(Plans.BASELINE_MS);
        held.killSwitch(true);

        // Then both removed their shadow capacity
        assertThat(held.state.stage()).isEqualTo(Stage.PAUSED);
        assertThat(held.commands).filteredOn(Command.RemoveShadowCapacity.class::isInstance).hasSize(1);
    }

    @Test
    void aPausedShadowRunRemovesItsCapacityAndLaunchesAfreshWhenResumed() {
        // Given a shadow run an operator paused
        inShadowRun();
        String first = run.lastCommand(Command.LaunchShadowCapacity.class).commandId();
        run.operator(OperatorAction.PAUSE, null);
        assertThat(removals()).isEqualTo(1);

        // When it is resumed
        run.operator(OperatorAction.RESUME, null);

        // Then the shadow run starts again on newly launched capacity (a new command, so new instances)
        assertThat(run.state.stage()).isEqualTo(Stage.SHADOW);
        assertThat(run.commands).filteredOn(Command.LaunchShadowCapacity.class::isInstance).hasSize(2);
        assertThat(run.lastCommand(Command.LaunchShadowCapacity.class).commandId()).isNotEqualTo(first);
    }

    @Test
    void failsAtOnceWhenNoShadowCapacityCouldBeLaunched() {
        // Given a shadow run whose capacity was asked for
        inShadowRun();

        // When the cloud had no spot capacity for it
        run.apply(new Input.CloudAnswered(RolloutScenario.id(),
                run.lastCommand(Command.LaunchShadowCapacity.class).commandId(),
                new Input.ShadowCapacityLaunched(List.of(), "InsufficientInstanceCapacity: no m5.large")));

        // Then the plan fails before the run's end, saying why, never shifts, and removes whatever was launched
        assertThat(run.state.stage()).isEqualTo(Stage.FAILED);
        assertThat(run.published(Payload.ShadowRunCompleted.class)).singleElement()
                .satisfies(r -> assertThat(r.passed()).isFalse());
        assertThat(((Payload.Finished) run.lastPublish().payload()).reason())
                .contains("no shadow capacity launched").contains("InsufficientInstanceCapacity");
        assertThat(run.spotShares()).isEmpty();
        assertThat(removals()).isEqualTo(1);
    }

    @Test
    void aShadowLaunchAnsweredAfterThePhaseEndedChangesNothing() {
        // Given a shadow run aborted before its launch was answered
        inShadowRun();
        String launch = run.lastCommand(Command.LaunchShadowCapacity.class).commandId();
        run.operator(OperatorAction.ABORT, null);
        Stage after = run.state.stage();

        // When the launch's answer arrives
        run.forgetOutput().apply(new Input.CloudAnswered(RolloutScenario.id(), launch,
                new Input.ShadowCapacityLaunched(List.of("i-late"), null)));

        // Then nothing moves (the removal already sent finds the late instance: the actuator runs a plan's
        // commands in order)
        assertThat(run.state.stage()).isEqualTo(after);
        assertThat(run.commands).isEmpty();
    }

    @Test
    void givenThePassedRunsRemovalFailedWhenItsWaitEndsThenTheRemovalIsAskedAgainUnderANewCommand() {
        // Given a passed shadow run handed over to the shift, its capacity's removal asked for
        inShadowRun();
        launched("i-shadow-1");
        run.metric(true, 20, 0, 0).advance(SHADOW_MS).shadowCriteria(GateResult.PASS);
        assertThat(run.state.stage()).isEqualTo(Stage.SHIFTING);
        String first = run.lastCommand(Command.RemoveShadowCapacity.class).commandId();

        // When the removal fails
        removalAnswered(first, "RequestLimitExceeded: slow down");

        // Then the failure is announced with the next attempt 10 s on, and the plan shifts on meanwhile
        assertThat(run.published(Payload.CloudActionFailed.class)).singleElement().satisfies(f -> {
            assertThat(f.commandId()).isEqualTo(first);
            assertThat(f.action()).isEqualTo(ShadowRemovals.ACTION);
            assertThat(f.attempt()).isEqualTo(1);
            assertThat(f.error()).contains("RequestLimitExceeded");
            assertThat(f.nextAttemptAt()).isEqualTo(run.now.plusMillis(ShadowRemovals.FIRST_WAIT_MILLIS));
        });
        assertThat(run.state.stage()).isEqualTo(Stage.SHIFTING);
        // And when the 10 s are up it is asked again, under a new command id, still for this plan
        run.forgetOutput().advance(ShadowRemovals.FIRST_WAIT_MILLIS);
        assertThat(run.commands).filteredOn(Command.RemoveShadowCapacity.class::isInstance).singleElement()
                .satisfies(c -> {
                    Command.RemoveShadowCapacity again = (Command.RemoveShadowCapacity) c;
                    assertThat(again.commandId()).isNotEqualTo(first);
                    assertThat(again.planId()).isEqualTo("plan-1");
                });
    }

    @Test
    void givenRemovalsThatKeepFailingWhenTheWaitsRunOutThenFiveRequestsAtDoublingWaitsAndTheLastFailureLeavesItToTheReaper() {
        // Given a shadow run an operator paused (the plan lives on, held), whose removals all fail
        inShadowRun();
        launched("i-shadow-1");
        run.operator(OperatorAction.PAUSE, null);
        List<Long> waits = new java.util.ArrayList<>();

        // When each request fails, and each wait runs out
        while (true) {
            removalAnswered(run.lastCommand(Command.RemoveShadowCapacity.class).commandId(),
                    "Unavailable: EC2 endpoint timed out");
            java.util.Optional<Timer> watch = run.state.timers().stream()
                    .filter(t -> t.kind() == Timer.Kind.SHADOW_REMOVAL).findFirst();
            if (watch.isEmpty()) {
                break;
            }
            waits.add(java.time.Duration.between(run.now, watch.get().dueAt()).toMillis());
            run.advance(waits.get(waits.size() - 1));
        }

        // Then five requests in all, the waits between them 10, 20, 40 and 60 s, and nothing asked after the last
        assertThat(removals()).isEqualTo(ShadowRemovals.MAX_ATTEMPTS);
        assertThat(waits).containsExactly(10_000L, 20_000L, 40_000L, 60_000L);
        run.advance(600_000);
        assertThat(removals()).isEqualTo(ShadowRemovals.MAX_ATTEMPTS);
        // And the last failure says no attempt follows and that the reaper takes it, the plan still held
        Payload.CloudActionFailed lastFailure = run.published(Payload.CloudActionFailed.class).stream()
                .reduce((a, b) -> b).orElseThrow();
        assertThat(lastFailure.nextAttemptAt()).isNull();
        assertThat(lastFailure.error()).contains("reaper");
        assertThat(run.state.stage()).isEqualTo(Stage.PAUSED);
    }

    @Test
    void givenAFailedRemovalWhenALaterOneIsConfirmedThenNothingMoreIsAsked() {
        // Given a paused shadow run whose first removal failed and whose second was asked for
        inShadowRun();
        launched("i-shadow-1");
        run.operator(OperatorAction.PAUSE, null);
        removalAnswered(run.lastCommand(Command.RemoveShadowCapacity.class).commandId(), "Throttling");
        run.advance(ShadowRemovals.FIRST_WAIT_MILLIS);
        assertThat(removals()).isEqualTo(2);

        // When the second is confirmed
        run.apply(new Input.CloudAnswered(RolloutScenario.id(),
                run.lastCommand(Command.RemoveShadowCapacity.class).commandId(),
                new Input.ShadowCapacityRemoved(List.of("i-shadow-1"), null)));

        // Then the watch ends: no request in the next ten minutes
        assertThat(run.state.timers()).noneMatch(t -> t.kind() == Timer.Kind.SHADOW_REMOVAL);
        run.advance(600_000);
        assertThat(removals()).isEqualTo(2);
    }

    @Test
    void givenAShadowRunThatEndedThePlanThenItsRemovalIsNotWatchedTheReaperTakesWhatIsLeft() {
        // When one output differs and the run's verdict ends the plan ROLLED_BACK
        inShadowRun();
        run.metric(true, 20, 0, 1).advance(SHADOW_MS).shadowCriteria(GateResult.FAIL);

        // Then one removal, and no watch on a plan that moves no more
        assertThat(run.state.stage()).isEqualTo(Stage.ROLLED_BACK);
        assertThat(removals()).isEqualTo(1);
        assertThat(run.state.timers()).noneMatch(t -> t.kind() == Timer.Kind.SHADOW_REMOVAL);
    }

    private void removalAnswered(String commandId, String error) {
        run.apply(new Input.CloudAnswered(RolloutScenario.id(), commandId,
                new Input.ShadowCapacityRemoved(List.of(), error)));
    }

    private void inShadowRun() {
        run.approved(shadowPlan).probes(Plans.allProbesPass()).servingMetric().advance(Plans.BASELINE_MS);
        assertThat(run.state.stage()).isEqualTo(Stage.SHADOW);
    }

    private void launched(String... ids) {
        run.apply(new Input.CloudAnswered(RolloutScenario.id(),
                run.lastCommand(Command.LaunchShadowCapacity.class).commandId(),
                new Input.ShadowCapacityLaunched(List.of(ids), null)));
        assertThat(run.state.stage()).isEqualTo(Stage.SHADOW);
    }

    private long removals() {
        return run.commands.stream().filter(Command.RemoveShadowCapacity.class::isInstance).count();
    }
}
