package dev.spotshift.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spotshift.cli.SpotshiftCli;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.access.Principal;
import dev.spotshift.simulator.domain.Scenario;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
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
        try (E2eStack.Followed<MigrationStatus> status = E2eStack.follow(Topics.MIGRATION_STATUS, first)) {
            await().atMost(E2eStack.MIGRATION_TIMEOUT).pollInSameThread().until(() -> {
                MigrationStatus s = status.latest();
                return s != null && (s.getStage() == MigrationStage.SHIFTING || s.getTerminal());
            });
        }
        assertThat(E2eStack.events(Topics.MIGRATION_PLANS, first)).hasSize(2);
        assertThat(E2eStack.events(Topics.SPOT_ASSESSMENTS, first)).hasSize(1);
        assertThat(E2eStack.events(Topics.MIGRATION_DECISIONS, first)).hasSize(1);

        // When an operator aborts it with the CLI, logged in as the operator's principal
        List<String> args = new ArrayList<>(List.of("abort", first, "--reason", "test"));
        args.addAll(E2eStack.cliArgs(Principal.OPERATOR));
        StringWriter err = new StringWriter();
        int exit = SpotshiftCli.run(args.toArray(String[]::new), new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));
        assertThat(exit).as("spotshift abort; stderr: %s", err).isZero();
        // Then it ends ABORTED with its capacity back on on-demand
        MigrationStatus s = E2eStack.awaitFinal(first);
        assertThat(s.getStage()).isEqualTo(MigrationStage.ABORTED);
        assertThat(s.getSpotPercent()).isZero();
        // And the audit names who aborted it: the principal the broker authenticated (a plaintext broker has none)
        String who = E2eStack.SECURED ? "User:" + Principal.OPERATOR.logins().get(0) : "unauthenticated:";
        assertThat(E2eStack.replayed(first).timeline())
                .filteredOn(e -> e.topic().equals(Topics.OPERATOR_COMMANDS.name()))
                .singleElement().satisfies(e -> {
                    assertThat(e.label("operator")).startsWith(who);
                    assertThat(e.summary()).contains("operator " + who).contains("ABORT");
                });
    }
}
