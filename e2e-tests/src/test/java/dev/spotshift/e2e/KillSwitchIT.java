package dev.spotshift.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spotshift.cli.EventPublisher;
import dev.spotshift.cli.KillSwitchCommand;
import dev.spotshift.cli.OperatorCommands;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.OperatorAction;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.RolloutStepStarted;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.access.RestAccess;
import dev.spotshift.simulator.domain.Scenario;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class KillSwitchIT {

    static void killSwitch(boolean engaged) {
        try (EventPublisher p = new EventPublisher(E2eStack.operatorConnection())) {
            p.send(Topics.KILL_SWITCH, KillSwitchCommand.KEY, KillSwitchCommand.event(engaged, "e2e", "test", Clock.systemUTC()));
        }
    }

    /** The console's kill-switch action, as a person with a spotshift-operate token takes it. */
    static void killSwitchFromTheConsole(boolean engaged, String subject) throws Exception {
        String console = E2eStack.stack().consoleUrl().orElseThrow();
        java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(console + "/api/kill-switch"))
                        .header("Authorization", "Bearer " + E2eStack.stack().restToken(subject, RestAccess.OPERATE))
                        .header("Content-Type", "application/json").timeout(java.time.Duration.ofSeconds(30))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "{\"engaged\":" + engaged + ",\"reason\":\"e2e\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("console's answer: %s", answer.body()).isEqualTo(202);
    }

    @Test
    void movesNothingToSpotWhileTheKillSwitchIsEngaged() throws Exception {
        // Given the kill switch engaged from the console by an operator (the CLI's path releases it below)
        E2eStack.stack().useScenario(Scenario.HAPPY);
        E2eStack.requireAllServices();
        killSwitchFromTheConsole(true, "ops-kim");
        java.time.Instant engagedAt = java.time.Instant.now();
        String planId = null;
        try {
            // When a plan is approved (at the quick rollout's pace: the switch holds it before its first step, so the
            // gates never run; only the shorter baseline window is saved)
            planId = E2eStack.submit(E2eStack.quickDemoPlan(), null);
            String id = planId;
            // Then the executor holds it, naming the switch, and starts no step
            await().atMost(E2eStack.MIGRATION_TIMEOUT).until(() -> {
                MigrationStatus s = E2eStack.status(id);
                return s != null && (s.getTerminal() || s.getStage() == MigrationStage.PAUSED);
            });
            MigrationStatus s = E2eStack.status(planId);
            assertThat(s.getSpotPercent()).isZero();
            assertThat(s.getReasons()).as("reasons of %s", s.getStage())
                    .anySatisfy(r -> assertThat(r.getCode() + r.getMessage()).containsIgnoringCase("kill"));
            // And the audit timeline of the plan says who flipped the switch: the console's token subject
            String held = planId;
            await().atMost(java.time.Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(E2eStack.replayed(held).timeline())
                            .filteredOn(e -> e.type() == dev.spotshift.audit.EventType.KILL_SWITCH)
                            .anySatisfy(e -> assertThat(e.summary()).isEqualTo("kill switch engaged by ops-kim")));
            assertThat(E2eStack.events(Topics.ROLLOUT_EVENTS, planId)).map(RolloutEvent::getPayload)
                    .noneMatch(RolloutStepStarted.class::isInstance);
            // And the simulated account saw no change of capacity (its pre-flight may ask, never act)
            assertThat(E2eStack.cloudCallsSince(engagedAt)).extracting(c -> c.operation())
                    .doesNotContain("autoscaling:UpdateAutoScalingGroup", "ec2:RunInstances", "ec2:TerminateInstances");
        } finally {
            killSwitch(false);
            if (planId != null) {
                try (EventPublisher p = new EventPublisher(E2eStack.operatorConnection())) {
                    p.send(Topics.OPERATOR_COMMANDS, planId,
                            OperatorCommands.command(planId, OperatorAction.ABORT, null, "e2e", "cleanup", Clock.systemUTC()));
                }
            }
        }
    }
}
