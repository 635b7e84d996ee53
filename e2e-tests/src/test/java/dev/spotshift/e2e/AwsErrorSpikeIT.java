package dev.spotshift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.cloud.GroupState;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.RollbackCommand;
import dev.spotshift.events.RolledBack;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.schemas.Topics;
import dev.spotshift.simulator.domain.Scenario;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The error spike on the AWS implementation against moto: the failures reach the monitor through CloudWatch. */
class AwsErrorSpikeIT {

    @Test
    void rollsTheGroupInMotoBackToAllOnDemandWhenJobsFailAtFiftyPercentSpot() {
        // Given the whole system on the AWS implementation, a group in moto, and jobs that fail once half runs on spot
        AwsStack.stack().useScenario(Scenario.ERROR_SPIKE);
        AwsStack.requireAllServices();
        String groupName = "aws-error-spike-etl";
        var plan = AwsStack.planOnNewGroup(groupName);
        GroupState before = AwsStack.group(groupName);
        // When the demo plan for that group is submitted
        String planId = AwsStack.submit(plan);
        // Then it ends rolled back, all on-demand, with the reason
        MigrationStatus s = AwsStack.awaitFinal(planId);
        assertThat(s.getStage()).as("final stage; reasons %s", s.getReasons()).isEqualTo(MigrationStage.ROLLED_BACK);
        assertThat(s.getSpotPercent()).isZero();
        assertThat(s.getReasons()).isNotEmpty();
        // And the monitor's command carries the evidence it judged from the CloudWatch figures
        List<RollbackCommand> commands = AwsStack.events(Topics.ROLLBACK_COMMANDS, planId);
        assertThat(commands).isNotEmpty();
        assertThat(commands.get(0).getMeasurements()).isNotEmpty();
        List<RolledBack> rollbacks = AwsStack.events(Topics.ROLLOUT_EVENTS, planId).stream()
                .map(RolloutEvent::getPayload).filter(RolledBack.class::isInstance).map(RolledBack.class::cast).toList();
        assertThat(rollbacks).isNotEmpty();
        assertThat(rollbacks.get(rollbacks.size() - 1).getToSpotPercent()).isZero();
        // And moto's group reads back at 100 % on-demand, as it was captured before the first change
        GroupState after = AwsStack.group(groupName);
        assertThat(after.onDemandPercentAboveBase()).isEqualTo(100);
        assertThat(after.onDemandBase()).isEqualTo(before.onDemandBase());
        assertThat(after.instanceTypes()).containsExactlyElementsOf(before.instanceTypes());
        assertThat(after.desired()).isEqualTo(before.desired());
    }
}
