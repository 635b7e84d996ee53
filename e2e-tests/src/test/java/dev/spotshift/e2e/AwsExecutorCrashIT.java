package dev.spotshift.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spotshift.cloud.GroupState;
import dev.spotshift.cloud.InstanceInfo;
import dev.spotshift.cloud.Lifecycle;
import dev.spotshift.demo.DemoStack;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.RolloutStepCompleted;
import dev.spotshift.events.RolloutStepStarted;
import dev.spotshift.schemas.Topics;
import dev.spotshift.simulator.domain.Scenario;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The executor (with its in-process actuator, the only caller of AWS write APIs) killed with SIGKILL right after it
 * changed the group in moto, restarted on a fresh node: the migration finishes, and moto saw each change once.
 */
class AwsExecutorCrashIT {

    private static final String EXECUTOR = "executor-service";

    @Test
    void anExecutorKilledAfterAGroupChangeInMotoIsRestartedAndCompletesWithoutRepeatingTheChange() {
        // Given a migration under way on the AWS implementation
        DemoStack stack = AwsStack.stack();
        stack.useScenario(Scenario.HAPPY);
        AwsStack.requireAllServices();
        String groupName = "aws-executor-crash-etl";
        var plan = AwsStack.planOnNewGroup(groupName);
        int launchesBefore = AwsStack.moto().serviceCalls("RunInstances").size();
        String planId = AwsStack.submit(plan);
        // When the executor is killed as soon as moto has the group's first change
        await().atMost(E2eStack.MIGRATION_TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> updates(groupName).size(), n -> n >= 1);
        long pid = stack.crash(EXECUTOR);
        List<String> beforeCrash = updates(groupName);
        assertThat(AwsStack.group(groupName).onDemandPercentAboveBase()).as("mid-rollout").isGreaterThan(0);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        // And a new executor starts on a fresh node
        DemoStack.ServiceState restarted = stack.restart(EXECUTOR);
        assertThat(restarted.ready()).as("restarted executor: %s", restarted.problem()).isTrue();
        // Then the migration completes at 100 % spot without a rollback
        MigrationStatus done = AwsStack.awaitFinal(planId);
        assertThat(done.getStage()).as("final stage; reasons %s", done.getReasons()).isEqualTo(MigrationStage.COMPLETED);
        assertThat(done.getSpotPercent()).isEqualTo(100);
        assertThat(done.getRollbacks()).isZero();
        // And moto saw one UpdateAutoScalingGroup per step (describe-compare-change: a re-run command changes nothing)
        List<String> all = updates(groupName);
        assertThat(all).as("group updates (before the crash: %s)", beforeCrash).hasSize(4).doesNotHaveDuplicates()
                .startsWith(beforeCrash.toArray(String[]::new));
        assertThat(AwsStack.moto().serviceCalls("RunInstances")).hasSize(launchesBefore);
        GroupState g = AwsStack.group(groupName);
        assertThat(g.onDemandPercentAboveBase()).isZero();
        assertThat(g.instances().stream().filter(InstanceInfo::isActive).count()).isEqualTo(g.desired());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(AwsStack.group(groupName).activeCount(Lifecycle.SPOT)).isEqualTo(g.desired()));
        // And the log holds each step's start and completion once
        List<Object> payloads = AwsStack.events(Topics.ROLLOUT_EVENTS, planId).stream().map(RolloutEvent::getPayload)
                .map(Object.class::cast).toList();
        assertThat(payloads.stream().filter(RolloutStepStarted.class::isInstance)
                .map(p -> ((RolloutStepStarted) p).getToSpotPercent()).toList()).containsExactly(25, 50, 75, 100);
        assertThat(payloads.stream().filter(RolloutStepCompleted.class::isInstance)
                .map(p -> ((RolloutStepCompleted) p).getSpotPercent()).toList()).containsExactly(25, 50, 75, 100);
    }

    /** The services' UpdateAutoScalingGroup calls on the group, as moto received them. */
    private static List<String> updates(String group) {
        return AwsStack.moto().serviceCalls("UpdateAutoScalingGroup").stream()
                .filter(b -> b.contains("AutoScalingGroupName=" + group + "&") || b.endsWith("AutoScalingGroupName=" + group))
                .toList();
    }
}
