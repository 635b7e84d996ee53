package dev.spotshift.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spotshift.cli.EventPublisher;
import dev.spotshift.cli.OperatorCommands;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.OperatorAction;
import dev.spotshift.schemas.Topics;
import dev.spotshift.simulator.domain.Scenario;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DuplicateSubmissionIT {

    @Test
    void startsOneMigrationForTwoSubmissionsWithTheSameKeyAndAbortsItOnRequest() {
        // Given the same plan submitted twice with one idempotency key
        E2eStack.stack().useScenario(Scenario.HAPPY);
        E2eStack.requireAllServices();
        String key = "nightly-" + UUID.randomUUID();
        String first = E2eStack.submit(E2eStack.demoPlan(), key);
        String second = E2eStack.submit(E2eStack.demoPlan(), key);
        // Then both name the same migration, which is assessed and decided once
        assertThat(second).isEqualTo(first);
        await().atMost(E2eStack.MIGRATION_TIMEOUT).until(() -> {
            MigrationStatus s = E2eStack.status(first);
            return s != null && (s.getStage() == MigrationStage.SHIFTING || s.getTerminal());
        });
        assertThat(E2eStack.events(Topics.MIGRATION_PLANS, first)).hasSize(2);
        assertThat(E2eStack.events(Topics.SPOT_ASSESSMENTS, first)).hasSize(1);
        assertThat(E2eStack.events(Topics.MIGRATION_DECISIONS, first)).hasSize(1);

        // When an operator aborts it
        try (EventPublisher p = new EventPublisher(E2eStack.connection())) {
            p.send(Topics.OPERATOR_COMMANDS, first,
                    OperatorCommands.command(first, OperatorAction.ABORT, null, "e2e", "test", Clock.systemUTC()));
        }
        // Then it ends ABORTED with its capacity back on on-demand
        MigrationStatus s = E2eStack.awaitFinal(first);
        assertThat(s.getStage()).isEqualTo(MigrationStage.ABORTED);
        assertThat(s.getSpotPercent()).isZero();
    }
}
