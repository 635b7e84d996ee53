package dev.spotshift.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spotshift.cli.SpotshiftCli;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.simulator.domain.Scenario;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** `spotshift status` on the suite's own topics, as an operator runs it against a system that has history. */
class StatusOnTheLogIT {

    @Test
    void statusListsOnlyLivePlansByShortIdWithAgesAndAllListsTheFinishedOnesToo() {
        // Given a plan that has finished and one that is running, on the stack every scenario shares
        String finished = E2eStack.happyPlan();
        E2eStack.stack().useScenario(Scenario.HAPPY);
        String live = E2eStack.submit(E2eStack.demoPlan(), null);
        await().atMost(E2eStack.MIGRATION_TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(() -> {
            MigrationStatus s = E2eStack.status(live);
            return s != null && !s.getTerminal();
        });
        // When ops ask for the status
        String status = cli("status");
        // Then only the live plan is listed, by a short id, with its age, and the finished ones are counted
        assertThat(status).contains(shortId(live)).doesNotContain(shortId(finished))
                .doesNotContain(live).contains(" ago").containsPattern("\\d+ finished plans? not shown \\(--all");
        // And --all lists the finished one too
        assertThat(cli("status", "--all")).contains(shortId(live), shortId(finished), "COMPLETED");
        // (the live plan is aborted here rather than by the next scenario's wait for the shared group)
        E2eStack.abort(live, "status scenario done");
        E2eStack.awaitFinal(live);
    }

    /** As `status` prints it: the first eight characters of the hash after the planId's last dot. */
    private static String shortId(String planId) {
        String tail = planId.substring(planId.lastIndexOf('.') + 1);
        return tail.substring(0, Math.min(8, tail.length()));
    }

    private static String cli(String... args) {
        java.util.List<String> list = new java.util.ArrayList<>(java.util.List.of(args));
        list.addAll(E2eStack.cliArgs(dev.spotshift.schemas.access.Principal.CLI));
        String[] all = list.toArray(String[]::new);
        StringWriter out = new StringWriter();
        SpotshiftCli.run(all, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        return out.toString();
    }
}
