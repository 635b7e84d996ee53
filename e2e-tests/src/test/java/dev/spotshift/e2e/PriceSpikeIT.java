package dev.spotshift.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spotshift.cli.EventPublisher;
import dev.spotshift.cli.OperatorCommands;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.OperatorAction;
import dev.spotshift.events.RollbackCommand;
import dev.spotshift.events.RollbackLevel;
import dev.spotshift.events.RollbackTrigger;
import dev.spotshift.schemas.Topics;
import dev.spotshift.simulator.domain.Scenario;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class PriceSpikeIT {

    @Test
    void stepsBackAndHoldsWhenSpotPricesSpikeAfterFiftyPercent() {
        // Given spot prices that jump x2.2 once half of the workload is on spot
        E2eStack.stack().useScenario(Scenario.PRICE_SPIKE);
        E2eStack.requireAllServices();
        String planId = E2eStack.submit(E2eStack.demoPlan(), null);
        try {
            // Then the monitor orders a step back for cost efficiency and the executor holds
            await().atMost(E2eStack.MIGRATION_TIMEOUT).until(() -> {
                MigrationStatus s = E2eStack.status(planId);
                return s != null && (s.getTerminal() || (s.getStage() == MigrationStage.PAUSED && s.getRollbacks() > 0));
            });
            MigrationStatus s = E2eStack.status(planId);
            assertThat(s.getStage()).isEqualTo(MigrationStage.PAUSED);
            assertThat(s.getSpotPercent()).isLessThan(75);
            List<RollbackCommand> commands = E2eStack.events(Topics.ROLLBACK_COMMANDS, planId);
            assertThat(commands).first().satisfies(c -> {
                assertThat(c.getTrigger()).isEqualTo(RollbackTrigger.COST_EFFICIENCY);
                assertThat(c.getLevel()).isEqualTo(RollbackLevel.STEP);
                assertThat(c.getMeasurements()).anySatisfy(m -> assertThat(m.getPassed()).isFalse());
            });
        } finally {
            try (EventPublisher p = new EventPublisher(E2eStack.operatorConnection())) {
                p.send(Topics.OPERATOR_COMMANDS, planId,
                        OperatorCommands.command(planId, OperatorAction.ABORT, null, "e2e", "cleanup", Clock.systemUTC()));
            }
            E2eStack.awaitFinal(planId);
        }
    }
}
