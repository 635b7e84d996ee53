package dev.spotshift.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spotshift.cli.EventPublisher;
import dev.spotshift.cli.OperatorCommands;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.OperatorAction;
import dev.spotshift.events.RollbackCommand;
import dev.spotshift.events.RollbackLevel;
import dev.spotshift.events.RollbackTrigger;
import dev.spotshift.events.RolledBack;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.RolloutResumed;
import dev.spotshift.events.RolloutStepStarted;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.plan.ParsedPlans;
import dev.spotshift.simulator.domain.Scenario;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class PriceSpikeIT {

    /** The demo plan with a 10 s hold-down before a return to spot (30 s in the demo), to keep the scenario short. */
    private static ParsedPlans withShortHoldDown() {
        ParsedPlans demo = E2eStack.demoPlan();
        MigrationPlan p = MigrationPlan.newBuilder(demo.plans().get(0)).build();
        p.getRollout().setReturnToSpotHoldMillis(10_000L);
        return new ParsedPlans(demo.documentId(), demo.planName(), List.of(p), List.of());
    }

    @Test
    void stepsBackWhenSpotPricesSpikeAfterFiftyPercentAndReturnsToSpotOnceTheyAreBackForTheHoldDown() {
        // Given spot prices that jump x2.2 once half of the workload is on spot, and calm down 5 s after a step back
        E2eStack.stack().useScenario(Scenario.PRICE_SPIKE_PASSES);
        E2eStack.requireAllServices();
        String planId = E2eStack.submit(withShortHoldDown(), null);
        try {
            // Then the monitor orders a step back for cost efficiency and the executor holds
            try (E2eStack.Followed<MigrationStatus> status = E2eStack.follow(Topics.MIGRATION_STATUS, planId)) {
                await().atMost(E2eStack.MIGRATION_TIMEOUT).pollInSameThread().until(() -> {
                    MigrationStatus s = status.latest();
                    return s != null && (s.getTerminal() || (s.getStage() == MigrationStage.PAUSED && s.getRollbacks() > 0));
                });
            }
            MigrationStatus s = E2eStack.status(planId);
            assertThat(s.getStage()).isEqualTo(MigrationStage.PAUSED);
            assertThat(s.getSpotPercent()).isLessThan(75);
            List<RollbackCommand> commands = E2eStack.events(Topics.ROLLBACK_COMMANDS, planId);
            assertThat(commands).first().satisfies(c -> {
                assertThat(c.getTrigger()).isEqualTo(RollbackTrigger.COST_EFFICIENCY);
                assertThat(c.getLevel()).isEqualTo(RollbackLevel.STEP);
                assertThat(c.getMeasurements()).anySatisfy(m -> assertThat(m.getPassed()).isFalse());
            });

            // And once the price has been back under the cap for the hold-down, the plan returns to spot by itself,
            // re-running the step it was stepped back from with a fresh gate
            try (E2eStack.Followed<RolloutEvent> events = E2eStack.follow(Topics.ROLLOUT_EVENTS, planId)) {
                await().atMost(E2eStack.MIGRATION_TIMEOUT).pollInSameThread().until(() -> {
                    List<RolloutEvent> now = events.now();
                    return returns(now).size() == 1 && stepStartsAfterTheReturn(now) > 0;
                });
            }
            assertThat(returns(planId)).singleElement()
                    .satisfies(r -> assertThat(r.getBy()).startsWith("return-to-spot: spot price at"));
            List<RolloutEvent> rollout = E2eStack.events(Topics.ROLLOUT_EVENTS, planId);
            RolloutStepStarted rerun = rollout.stream()
                    .dropWhile(e -> !(e.getPayload() instanceof RolloutResumed))
                    .map(RolloutEvent::getPayload).filter(RolloutStepStarted.class::isInstance)
                    .map(RolloutStepStarted.class::cast).findFirst().orElseThrow();
            RolledBack back = rollout.stream().map(RolloutEvent::getPayload).filter(RolledBack.class::isInstance)
                    .map(RolledBack.class::cast).findFirst().orElseThrow();
            assertThat(rerun.getToSpotPercent()).isEqualTo(back.getFromSpotPercent()).isGreaterThan(back.getToSpotPercent());
            // And no flapping: one step back, one return
            assertThat(E2eStack.events(Topics.ROLLBACK_COMMANDS, planId)).hasSize(1);
        } finally {
            try (EventPublisher p = new EventPublisher(E2eStack.operatorConnection())) {
                p.send(Topics.OPERATOR_COMMANDS, planId,
                        OperatorCommands.command(planId, OperatorAction.ABORT, null, "e2e", "cleanup", Clock.systemUTC()));
            }
            E2eStack.awaitFinal(planId);
        }
    }

    private static List<RolloutResumed> returns(String planId) {
        return returns(E2eStack.events(Topics.ROLLOUT_EVENTS, planId));
    }

    private static List<RolloutResumed> returns(List<RolloutEvent> rollout) {
        return rollout.stream().map(RolloutEvent::getPayload)
                .filter(RolloutResumed.class::isInstance).map(RolloutResumed.class::cast)
                .filter(r -> r.getBy().startsWith("return-to-spot")).toList();
    }

    private static long stepStartsAfterTheReturn(List<RolloutEvent> rollout) {
        return rollout.stream()
                .dropWhile(e -> !(e.getPayload() instanceof RolloutResumed))
                .filter(e -> e.getPayload() instanceof RolloutStepStarted).count();
    }
}
