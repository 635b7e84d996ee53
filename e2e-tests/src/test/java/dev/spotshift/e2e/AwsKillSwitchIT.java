package dev.spotshift.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spotshift.cli.EventPublisher;
import dev.spotshift.cli.KillSwitchCommand;
import dev.spotshift.cli.OperatorCommands;
import dev.spotshift.cloud.GroupState;
import dev.spotshift.cloud.InstanceInfo;
import dev.spotshift.cloud.Lifecycle;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.OperatorAction;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.RolloutStepStarted;
import dev.spotshift.schemas.Topics;
import dev.spotshift.simulator.domain.Scenario;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kill switch on the AWS implementation: the group in moto is not touched by any service. */
class AwsKillSwitchIT {

    static void killSwitch(boolean engaged) {
        try (EventPublisher p = new EventPublisher(AwsStack.connection())) {
            p.send(Topics.KILL_SWITCH, KillSwitchCommand.KEY, KillSwitchCommand.event(engaged, "e2e", "test",
                    Clock.systemUTC()));
        }
    }

    @Test
    void changesNothingInTheGroupInMotoWhileTheKillSwitchIsEngaged() {
        // Given the kill switch engaged and a group in moto all on on-demand
        AwsStack.stack().useScenario(Scenario.HAPPY);
        AwsStack.requireAllServices();
        String groupName = "aws-kill-switch-etl";
        var plan = AwsStack.planOnNewGroup(groupName);
        GroupState before = AwsStack.group(groupName);
        // The account's call log spans the earlier scenarios on this stack: only what comes after counts.
        int updatesBefore = AwsStack.moto().serviceCalls("UpdateAutoScalingGroup").size();
        int launchesBefore = AwsStack.moto().serviceCalls("RunInstances").size();
        int terminationsBefore = AwsStack.moto().serviceCalls("TerminateInstanceInAutoScalingGroup").size();
        killSwitch(true);
        String planId = null;
        try {
            // When a plan for the group is approved
            planId = AwsStack.submit(plan);
            String id = planId;
            // Then the executor holds it, naming the switch, and starts no step
            await().atMost(E2eStack.MIGRATION_TIMEOUT).until(() -> {
                MigrationStatus s = AwsStack.status(id);
                return s != null && (s.getTerminal() || s.getStage() == MigrationStage.PAUSED);
            });
            MigrationStatus s = AwsStack.status(planId);
            assertThat(s.getSpotPercent()).isZero();
            assertThat(s.getReasons()).as("reasons of %s", s.getStage())
                    .anySatisfy(r -> assertThat(r.getCode() + r.getMessage()).containsIgnoringCase("kill"));
            assertThat(AwsStack.events(Topics.ROLLOUT_EVENTS, planId)).map(RolloutEvent::getPayload)
                    .noneMatch(RolloutStepStarted.class::isInstance);
            // And no service changed a group, launched or terminated anything in moto; the group reads back as it was
            assertThat(AwsStack.moto().serviceCalls("UpdateAutoScalingGroup")).hasSize(updatesBefore);
            assertThat(AwsStack.moto().serviceCalls("RunInstances")).hasSize(launchesBefore);
            assertThat(AwsStack.moto().serviceCalls("TerminateInstanceInAutoScalingGroup")).hasSize(terminationsBefore);
            GroupState after = AwsStack.group(groupName);
            assertThat(after.onDemandPercentAboveBase()).isEqualTo(100);
            assertThat(after.activeCount(Lifecycle.SPOT)).isZero();
            List<String> ids = after.instances().stream().map(InstanceInfo::instanceId).toList();
            assertThat(ids).containsExactlyInAnyOrderElementsOf(
                    before.instances().stream().map(InstanceInfo::instanceId).toList());
        } finally {
            killSwitch(false);
            if (planId != null) {
                try (EventPublisher p = new EventPublisher(AwsStack.connection())) {
                    p.send(Topics.OPERATOR_COMMANDS, planId, OperatorCommands.command(planId, OperatorAction.ABORT, null,
                            "e2e", "cleanup", Clock.systemUTC()));
                }
            }
        }
    }
}
