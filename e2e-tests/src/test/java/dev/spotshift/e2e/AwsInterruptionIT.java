package dev.spotshift.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spotshift.cloud.CapacityManager;
import dev.spotshift.cloud.GroupState;
import dev.spotshift.cloud.InstanceInfo;
import dev.spotshift.cloud.Lifecycle;
import dev.spotshift.demo.MotoAccount;
import dev.spotshift.events.CheckpointWritten;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.SpotInterruptionWarning;
import dev.spotshift.schemas.Topics;
import dev.spotshift.simulator.domain.Scenario;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The two-minute warning on the AWS implementation: EventBridge's message on the SQS queue, the cloud-bridge's
 * SpotInterruptionWarning, the workload's checkpoint in S3, and Auto Scaling replacing the instance (terminated in
 * the group with its desired capacity kept), so nothing is launched beside the group.
 */
class AwsInterruptionIT {

    @Test
    void replacesAWarnedSpotInstanceInsideTheGroupAfterACheckpointAndLeavesNothingOutsideIt() {
        // Given a migration on the AWS implementation that has put part of its group in moto on spot
        AwsStack.stack().useScenario(Scenario.HAPPY);
        AwsStack.requireAllServices();
        String groupName = "aws-interruption-etl";
        var plan = AwsStack.planOnNewGroup(groupName);
        String planId = AwsStack.submit(plan);
        InstanceInfo warned = await().atMost(E2eStack.MIGRATION_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> AwsStack.group(groupName).instances().stream()
                        .filter(i -> i.isActive() && i.lifecycle() == Lifecycle.SPOT).findFirst(), o -> o.isPresent())
                .orElseThrow();
        // When EC2's two-minute warning for that spot instance arrives on the EventBridge rule's queue
        AwsStack.moto().send(AwsStack.stack().noticeQueueUrl(),
                MotoAccount.interruptionWarning(warned.instanceId(), Instant.now()));
        // Then the bridge hands the plan's executor the warning
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> AwsStack.events(Topics.SPOT_INTERRUPTIONS, planId).stream()
                        .anyMatch(w -> w.getInstanceId().equals(warned.instanceId())));
        SpotInterruptionWarning warning = AwsStack.events(Topics.SPOT_INTERRUPTIONS, planId).get(0);
        assertThat(warning.getEnvelope().getProducer()).startsWith("cloud-bridge");
        // And the workload's state is checkpointed to S3 before the instance goes
        CheckpointWritten checkpoint = AwsStack.explained(planId, () -> await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> AwsStack.events(Topics.ROLLOUT_EVENTS, planId).stream().map(RolloutEvent::getPayload)
                        .filter(CheckpointWritten.class::isInstance).map(CheckpointWritten.class::cast).findFirst(),
                        o -> o.isPresent()).orElseThrow());
        assertThat(checkpoint.getInstanceId()).isEqualTo(warned.instanceId());
        assertThat(AwsStack.stack().cloud().checkpoints().head(URI.create(checkpoint.getLocation())))
                .as("checkpoint object in moto's S3").isPresent();
        // And the group replaced the instance: it is gone, the group is back at its desired count
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            GroupState g = AwsStack.group(groupName);
            assertThat(g.instances()).filteredOn(InstanceInfo::isActive).extracting(InstanceInfo::instanceId)
                    .doesNotContain(warned.instanceId());
            assertThat(g.instances().stream().filter(InstanceInfo::isActive).count()).isEqualTo(g.desired());
        });
        // And the plan still completes, having handled the interruption
        MigrationStatus s = AwsStack.awaitFinal(planId);
        assertThat(s.getStage()).as("final stage; reasons %s", s.getReasons()).isEqualTo(MigrationStage.COMPLETED);
        assertThat(s.getInterruptionsHandled()).isEqualTo(1);
        // And nothing of the plan runs outside the group: no replacement launched beside it
        GroupState g = AwsStack.group(groupName);
        Set<String> inGroup = g.instances().stream().map(InstanceInfo::instanceId).collect(Collectors.toSet());
        List<InstanceInfo> outside = AwsStack.stack().cloud().capacity().ownedInstances(MotoAccount.REGION).stream()
                .filter(i -> i.isActive() && planId.equals(i.tags().get(CapacityManager.OWNER_TAG)))
                .filter(i -> !inGroup.contains(i.instanceId())).toList();
        assertThat(outside).as("the plan's instances outside its group").isEmpty();
        assertThat(g.instances().stream().filter(InstanceInfo::isActive).count()).isEqualTo(g.desired());
    }
}
