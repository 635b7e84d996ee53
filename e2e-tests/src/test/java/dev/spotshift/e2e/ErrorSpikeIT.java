package dev.spotshift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.RollbackCommand;
import dev.spotshift.events.RolledBack;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.schemas.Topics;
import dev.spotshift.simulator.domain.Scenario;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorSpikeIT {

    @Test
    void rollsBackToOnDemandWithTheReasonWhenJobsFailAtFiftyPercentSpot() {
        // Given a workload whose jobs start failing once half of it runs on spot
        E2eStack.stack().useScenario(Scenario.ERROR_SPIKE);
        E2eStack.requireAllServices();
        // When the demo plan is submitted (at the quick rollout's pace: the 25 % step's gate passes either way, and the
        // rollback, its evidence and its procedure's bounds do not depend on how long the gates wait)
        String planId = E2eStack.submit(E2eStack.quickDemoPlan(), null);
        // Then it ends rolled back, fully on on-demand, with the reason
        MigrationStatus s = E2eStack.awaitFinal(planId);
        assertThat(s.getStage()).as("final stage; reasons %s", s.getReasons()).isEqualTo(MigrationStage.ROLLED_BACK);
        assertThat(s.getSpotPercent()).isZero();
        assertThat(s.getReasons()).isNotEmpty();
        // And the monitor's command carries the trigger and evidence, answered by the executor's rollback
        List<RollbackCommand> commands = E2eStack.events(Topics.ROLLBACK_COMMANDS, planId);
        assertThat(commands).isNotEmpty();
        assertThat(commands.get(0).getMeasurements()).isNotEmpty();
        List<RolledBack> rollbacks = E2eStack.events(Topics.ROLLOUT_EVENTS, planId).stream()
                .map(RolloutEvent::getPayload).filter(RolledBack.class::isInstance).map(RolledBack.class::cast).toList();
        assertThat(rollbacks).isNotEmpty();
        assertThat(rollbacks.get(rollbacks.size() - 1).getToSpotPercent()).isZero();
        assertThat(rollbacks.get(0).getFromSpotPercent()).isGreaterThanOrEqualTo(50);
        // And the group itself (the simulated account every service acts on) is back to all on-demand
        dev.spotshift.cloud.GroupState group = E2eStack.demoGroup();
        assertThat(group.onDemandPercentAboveBase()).isEqualTo(100);
        assertThat(group.activeCount(dev.spotshift.cloud.Lifecycle.SPOT)).isZero();
        assertThat(group.activeCount(dev.spotshift.cloud.Lifecycle.ON_DEMAND)).isEqualTo(group.desired());
        // And the replayed record verifies clean (the rollback has its trigger and evidence, one trace),
        // and its timeline report marks the rollback
        dev.spotshift.audit.PlanAudit audit = E2eStack.assertAuditClean(planId);
        assertThat(audit.replayed().stage()).isEqualTo(s.getStage());
        // And seed 000's rollback procedure ran as four timed steps, each inside the seed's bound (immediate, on-demand
        // within 30 s, stability within 2 min, state within 5 min), carried by the plan's last event and its audit
        RolloutEvent last = E2eStack.events(Topics.ROLLOUT_EVENTS, planId).stream()
                .filter(e -> e.getPayload() instanceof dev.spotshift.events.MigrationFinished).reduce((a, b) -> b)
                .orElseThrow();
        assertThat(last.getRollbackProcedure()).extracting(dev.spotshift.events.RollbackProcedureStep::getStep)
                .containsExactly("pause_spot_fleet", "activate_ondemand", "verify_stability", "restore_state");
        assertThat(last.getRollbackProcedure()).extracting(dev.spotshift.events.RollbackProcedureStep::getBoundMillis)
                .containsExactly(5_000L, 30_000L, 120_000L, 300_000L);
        assertThat(last.getRollbackProcedure()).allSatisfy(step -> assertThat(step.getDurationMillis())
                .as("%s: %s", step.getStep(), step.getDetail()).isBetween(0L, step.getBoundMillis()));
        assertThat(last.getRollbackProcedure().get(2).getDetail()).doesNotStartWith("NOT verified");
        java.io.StringWriter timeline = new java.io.StringWriter();
        dev.spotshift.audit.TextTimeline.print(audit.history(), audit.verification(), new java.io.PrintWriter(timeline, true));
        System.out.println(timeline);
        assertThat(timeline.toString()).contains("rollback procedure: pause_spot_fleet", "activate_ondemand",
                "verify_stability", "restore_state").doesNotContain("(MISSED)");
        String html = dev.spotshift.audit.HtmlReport.render(audit);
        assertThat(html).contains("class=\"rollback-marker\"", "rollback: ");
        // Kept as a build artifact: the report an operator would open for this plan.
        java.nio.file.Path reports = java.nio.file.Path.of("target", "audit-reports");
        try {
            java.nio.file.Files.createDirectories(reports);
            java.nio.file.Files.writeString(reports.resolve("error-spike.html"), html);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
