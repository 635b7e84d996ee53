package dev.spotshift.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spotshift.cli.EventPublisher;
import dev.spotshift.cli.OperatorCommands;
import dev.spotshift.events.BudgetState;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.OperatorAction;
import dev.spotshift.events.RollbackCommand;
import dev.spotshift.events.RollbackLevel;
import dev.spotshift.events.RollbackTrigger;
import dev.spotshift.events.RolledBack;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.RolloutPaused;
import dev.spotshift.events.SpendCap;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.plan.ParsedPlans;
import dev.spotshift.simulator.domain.Scenario;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class BudgetCapIT {

    /** The demo plan runs 4 x m5.large, $0.384/h all on-demand; a cap of $0.20/h is below what its fallback costs. */
    private static ParsedPlans cappedBelowItsFallback() {
        ParsedPlans demo = E2eStack.demoPlan();
        MigrationPlan capped = MigrationPlan.newBuilder(demo.plans().get(0))
                .setBudget(SpendCap.newBuilder().setCurrency("USD").setMaxPerHourMicros(200_000L).build()).build();
        return new ParsedPlans(demo.documentId(), demo.planName(), List.of(capped), List.of());
    }

    @Test
    void aPlanWhoseCapIsBelowItsFallbackCostIsHeldAtTheCapWithTheReason() throws Exception {
        E2eStack.stack().useScenario(Scenario.HAPPY);
        E2eStack.requireAllServices();
        String planId = E2eStack.submit(cappedBelowItsFallback(), null);
        try {
            // Then the monitor orders a hold for the budget and the executor holds the plan where it is
            await().atMost(E2eStack.MIGRATION_TIMEOUT).until(() -> {
                MigrationStatus s = E2eStack.status(planId);
                return s != null && (s.getTerminal() || s.getStage() == MigrationStage.PAUSED);
            });
            MigrationStatus s = E2eStack.status(planId);
            assertThat(s.getStage()).isEqualTo(MigrationStage.PAUSED);
            assertThat(s.getRollbacks()).isZero();
            assertThat(s.getBudget().getState()).isEqualTo(BudgetState.CAPPED);
            assertThat(s.getBudget().getPerHourMicros()).isGreaterThan(200_000L);
            List<RollbackCommand> commands = E2eStack.events(Topics.ROLLBACK_COMMANDS, planId);
            assertThat(commands).singleElement().satisfies(c -> {
                assertThat(c.getTrigger()).isEqualTo(RollbackTrigger.BUDGET_CAP);
                assertThat(c.getLevel()).isEqualTo(RollbackLevel.HOLD);
                assertThat(c.getReason()).contains("over the hourly cap of $0.2");
                assertThat(c.getMeasurements()).anySatisfy(m -> assertThat(m.getPassed()).isFalse());
            });
            List<RolloutEvent> rollout = E2eStack.events(Topics.ROLLOUT_EVENTS, planId);
            assertThat(rollout).anySatisfy(e -> assertThat(e.getPayload()).isInstanceOfSatisfying(RolloutPaused.class,
                    p -> assertThat(p.getReason().getCode()).isEqualTo("BUDGET_CAP")));
            assertThat(rollout).noneMatch(e -> e.getPayload() instanceof RolledBack);
        } finally {
            try (EventPublisher p = new EventPublisher(E2eStack.operatorConnection())) {
                p.send(Topics.OPERATOR_COMMANDS, planId,
                        OperatorCommands.command(planId, OperatorAction.ABORT, null, "e2e", "cleanup", Clock.systemUTC()));
            }
            E2eStack.awaitFinal(planId);
        }
        // And the hold leaked nothing: no capacity tagged for a plan that no longer accounts for it
        assertThat(E2eStack.moneyLeak()).isZero();
    }
}
