package dev.spotshift.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spotshift.cli.Connection;
import dev.spotshift.cli.EventPublisher;
import dev.spotshift.cli.OperatorCommands;
import dev.spotshift.cli.SpotshiftCli;
import dev.spotshift.events.OperatorAction;
import dev.spotshift.events.OperatorCommand;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.access.Operators;
import dev.spotshift.simulator.domain.Scenario;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each operator is a principal of their own on the secured stack: two people acting on one plan through the CLI with
 * their own {@code --command-config} and token are each named, proven, in its audit; a command one writes naming the
 * other is dead-lettered by the executor and marked unverified in the audit; a name not on the roster cannot log in.
 */
class OperatorIdentityIT {

    @Test
    void givenTwoOperatorsWhenEachActsAndOneNamesTheOtherThenTheForgeryIsDeadLetteredAndTheAuditShowsEachProvenIdentity() {
        // Given the secured stack and two people on the operator roster
        assumeTrue(E2eStack.SECURED, "run with the secured broker (the default)");
        E2eStack.stack().useScenario(Scenario.HAPPY);
        E2eStack.requireAllServices();
        assertThat(Operators.roster()).as("the roster").hasSizeGreaterThanOrEqualTo(2);
        String alice = Operators.roster().get(0);
        String bob = Operators.roster().get(1);
        String planId = E2eStack.submit(E2eStack.demoPlan(), null);
        await().atMost(E2eStack.MIGRATION_TIMEOUT).until(() -> {
            MigrationStatus s = E2eStack.status(planId);
            return s != null && (s.getStage() == MigrationStage.SHIFTING || s.getTerminal());
        });

        // When someone whose name is not on the roster tries to pause it with a login of their own
        Run mallory = cli(List.of("pause", planId, "--reason", "not an operator"), "mallory");
        // Then the broker refuses the login: the command fails and nothing is written
        assertThat(mallory.exit).as("spotshift pause as mallory; stderr: %s", mallory.err).isNotZero();
        assertThat(mallory.err).contains("refused the login of User:mallory");

        // When the first operator pauses it, logged in as themself with their own token
        Run paused = cli(List.of("pause", planId, "--reason", "look first"), alice);
        assertThat(paused.exit).as("spotshift pause as %s; stderr: %s", alice, paused.err).isZero();
        await().atMost(E2eStack.MIGRATION_TIMEOUT).until(() -> E2eStack.status(planId).getStage() == MigrationStage.PAUSED);

        // And the second, logged in as themself, writes a resume that names the first, with their own token
        OperatorCommand forged = OperatorCommands.command(planId, OperatorAction.RESUME, null, "User:" + alice,
                "forged", Clock.systemUTC());
        Connection asBob = new Connection(E2eStack.stack().bootstrapServers(), E2eStack.stack().registryUrl(),
                E2eStack.stack().clientSecurity(bob)).withToken(E2eStack.operatorToken(bob));
        try (EventPublisher p = new EventPublisher(asBob)) {
            p.send(Topics.OPERATOR_COMMANDS, planId, forged);
        }
        // Then the broker takes it (bob may write commands) but the executor dead-letters it, saying why
        await().atMost(E2eStack.MIGRATION_TIMEOUT).untilAsserted(() -> assertThat(
                E2eStack.events(Topics.DEAD_LETTERS, planId))
                .anySatisfy(d -> {
                    assertThat(d.getSourceTopic()).isEqualTo(Topics.OPERATOR_COMMANDS.name());
                    assertThat(d.getReason()).contains("operator command not proven").contains(bob + "'s");
                }));
        // And the plan never saw it: still paused
        assertThat(E2eStack.status(planId).getStage()).isEqualTo(MigrationStage.PAUSED);

        // When the second operator aborts it as themself
        Run aborted = cli(List.of("abort", planId, "--reason", "not tonight"), bob);
        assertThat(aborted.exit).as("spotshift abort as %s; stderr: %s", bob, aborted.err).isZero();

        // Then the plan ends ABORTED
        assertThat(E2eStack.awaitFinal(planId).getStage()).isEqualTo(MigrationStage.ABORTED);
        // And its audit names each person with what they did, each identity proven by their token, the forged
        // resume marked unverified, and no command of the refused name
        assertThat(E2eStack.replayed(planId).timeline())
                .filteredOn(e -> e.topic().equals(Topics.OPERATOR_COMMANDS.name()))
                .extracting(e -> e.summary())
                .anySatisfy(s -> assertThat(s).contains("operator User:" + alice + ": PAUSE")
                        .contains("[identity verified: " + alice + "]"))
                .anySatisfy(s -> assertThat(s).contains("operator User:" + bob + ": ABORT")
                        .contains("[identity verified: " + bob + "]"))
                .anySatisfy(s -> assertThat(s).contains("operator User:" + alice + ": RESUME")
                        .contains("[identity unverified: ").contains(bob + "'s"))
                .noneSatisfy(s -> assertThat(s).contains("mallory"))
                .hasSize(3);
    }

    private record Run(int exit, String err) {}

    private static Run cli(List<String> command, String user) {
        List<String> args = new ArrayList<>(command);
        args.addAll(E2eStack.cliArgs(user));
        StringWriter err = new StringWriter();
        int exit = SpotshiftCli.run(args.toArray(String[]::new), new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));
        return new Run(exit, err.toString());
    }
}
