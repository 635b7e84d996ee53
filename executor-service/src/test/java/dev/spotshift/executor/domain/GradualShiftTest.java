package dev.spotshift.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GradualShiftTest {

    private final RolloutScenario run = new RolloutScenario();
    private final PlanSpec plan = Plans.pilot();

    @Test
    void walksTwentyFiveFiftySeventyFiveHundredAndCompletesWhenEveryGatePasses() {
        // Given the first step started
        run.atFirstStep(plan);

        // When every gate passes and the monitor finds the success criteria held at the end of the validation period
        for (int step = 0; step < 4; step++) {
            run.advance(Plans.WINDOW_MS).verdict(step, GateResult.PASS)
                    .advance(Plans.INTERVAL_MS - Plans.WINDOW_MS);
        }
        run.advance(Plans.VALIDATION_MS - (Plans.INTERVAL_MS - Plans.WINDOW_MS)).criteria(GateResult.PASS);

        // Then the share walked up step by step and the plan completed
        assertThat(run.spotShares()).containsExactly(25, 50, 75, 100);
        assertThat(run.published(Payload.StepCompleted.class)).extracting(Payload.StepCompleted::spotPercent)
                .containsExactly(25, 50, 75, 100);
        assertThat(run.state.stage()).isEqualTo(Stage.COMPLETED);
        assertThat(run.lastPublish().payload()).isInstanceOf(Payload.Finished.class);
        assertThat(((Payload.Finished) run.lastPublish().payload()).outcome()).isEqualTo(Stage.COMPLETED);
    }

    @Test
    void announcesEachStepWithItsGateDueTimeAndTheStepListHash() {
        // Given / When the first step starts
        run.atFirstStep(plan);

        // Then the announcement says when the monitor should judge it and which step list it belongs to
        Payload.StepStarted started = run.published(Payload.StepStarted.class).get(0);
        assertThat(started.stepIndex()).isEqualTo(0);
        assertThat(started.stepCount()).isEqualTo(4);
        assertThat(started.fromSpotPercent()).isZero();
        assertThat(started.toSpotPercent()).isEqualTo(25);
        assertThat(started.gateDueAt()).isEqualTo(run.now.plusMillis(Plans.WINDOW_MS));
        assertThat(started.stepsHash()).isEqualTo(plan.stepsHash());
        assertThat(run.lastPublish().spotPercent()).isEqualTo(25);
        assertThat(run.lastPublish().stage()).isEqualTo(Stage.SHIFTING);
    }

    @Test
    void startsTheNextStepOnlyAFullIntervalAfterThePreviousStarted() {
        // Given step 0 passed early in its interval
        run.atFirstStep(plan).advance(Plans.WINDOW_MS).verdict(0, GateResult.PASS);

        // When less than the interval has passed
        run.advance(Plans.INTERVAL_MS - Plans.WINDOW_MS - 1);

        // Then the share holds at 25 %, and moves on at the interval
        assertThat(run.spotShares()).containsExactly(25);
        run.advance(1);
        assertThat(run.spotShares()).containsExactly(25, 50);
    }

    @Test
    void everyEventAnswersTheEventThatCausedIt() {
        // Given step 0 started
        run.atFirstStep(plan);
        String startedId = run.lastPublish().eventId();

        // When its gate passes
        run.advance(Plans.WINDOW_MS).verdict(0, GateResult.PASS);

        // Then the completion answers the verdict, and the next start answers the completion
        Command.Publish completed = run.lastPublish();
        assertThat(completed.payload()).isInstanceOf(Payload.StepCompleted.class);
        run.advance(Plans.INTERVAL_MS);
        assertThat(run.lastPublish().causationId()).isEqualTo(completed.eventId());
        assertThat(startedId).isNotEqualTo(completed.eventId());
    }

    @Test
    void manualGateWaitsForAnOperatorsApprovalAfterItsVerdictPasses() {
        // Given a plan whose step 1 needs an operator's approval, at step 1
        PlanSpec gated = Plans.withManualGate(1);
        run.atStep(gated, 1);

        // When the gate passes
        run.advance(Plans.WINDOW_MS).verdict(1, GateResult.PASS).advance(Plans.INTERVAL_MS);

        // Then nothing moves until the approval
        assertThat(run.state.stage()).isEqualTo(Stage.AWAITING_APPROVAL);
        assertThat(run.spotShares()).containsExactly(25, 50);
        assertThat(run.published(Payload.AwaitingApproval.class)).extracting(Payload.AwaitingApproval::stepIndex)
                .containsExactly(1);

        // And when the operator approves, the step completes (approved by them) and the next starts
        run.operator(OperatorAction.APPROVE_GATE, 1);
        assertThat(run.published(Payload.StepCompleted.class)).last()
                .extracting(Payload.StepCompleted::approvedBy).isEqualTo("alice");
        assertThat(run.spotShares()).containsExactly(25, 50, 75);
    }

    @Test
    void approvalForAGateThatIsNotWaitingIsIgnoredWithTheReason() {
        // Given a running step that has no manual gate
        run.atFirstStep(plan);

        // When an operator approves gate 0
        run.operator(OperatorAction.APPROVE_GATE, 0);

        // Then nothing happens and the reason says why
        assertThat(run.last.applied()).isFalse();
        assertThat(run.last.ignoredReason()).contains("no gate awaits approval");
    }

    @Test
    void verdictForAStepNotStartedIsIgnoredWithTheReason() {
        // Given step 0 in flight
        run.atFirstStep(plan);

        // When a verdict for step 2 arrives
        run.verdict(2, GateResult.PASS);

        // Then it is not applied
        assertThat(run.last.ignoredReason()).contains("verdict for step 2 but step 0 is in flight");
        assertThat(run.spotShares()).containsExactly(25);
    }

    @Test
    void dryRunPublishesEveryStepButNeverChangesCapacity() {
        // Given a dry-run plan
        PlanSpec dry = Plans.inMode(PlanSpec.Mode.DRY_RUN, 0);

        // When it walks every step
        run.atFirstStep(dry);
        for (int step = 0; step < 4; step++) {
            run.advance(Plans.WINDOW_MS).verdict(step, GateResult.PASS)
                    .advance(Plans.INTERVAL_MS - Plans.WINDOW_MS);
        }
        run.advance(Plans.VALIDATION_MS - (Plans.INTERVAL_MS - Plans.WINDOW_MS)).criteria(GateResult.PASS);

        // Then the events say what would have happened, and no cloud call was made
        assertThat(run.published(Payload.StepStarted.class)).extracting(Payload.StepStarted::toSpotPercent)
                .containsExactly(25, 50, 75, 100);
        assertThat(run.spotShares()).isEmpty();
        assertThat(run.state.stage()).isEqualTo(Stage.COMPLETED);
    }

    @Test
    void sameTransitionReplayedPublishesTheSameEventIds() {
        // Given two executors fed the same decision (a restart replaying it)
        RolloutScenario other = new RolloutScenario();
        Input.PlanApproved decision = new Input.PlanApproved("decision-1", plan);

        // When both apply it
        run.apply(decision).probes(Plans.allProbesPass());
        other.apply(decision).probes(Plans.allProbesPass());

        // Then consumers see the same ids and can drop the repeat
        assertThat(run.publishes()).extracting(Command.Publish::eventId)
                .isEqualTo(other.publishes().stream().map(Command.Publish::eventId).toList());
        assertThat(List.of(run.state.eventSeq())).containsExactly(other.state.eventSeq());
    }
}
