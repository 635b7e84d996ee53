package dev.spotshift.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spotshift.cloud.GroupState;
import dev.spotshift.cloud.Lifecycle;
import dev.spotshift.cloud.sim.CapacityCall;
import dev.spotshift.demo.DemoStack;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.RolloutStepCompleted;
import dev.spotshift.events.RolloutStepStarted;
import dev.spotshift.schemas.Topics;
import dev.spotshift.simulator.domain.Scenario;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The executor dies mid-rollout (SIGKILL: no shutdown, no commit of its open transaction) and a new one starts
 * on a fresh node (empty state directory). The migration must finish from where the log says it was, and the
 * simulated account, shared by every process, must show each capacity change made once.
 */
class ExecutorCrashIT {

    private static final String EXECUTOR = "executor-service";
    private static final Pattern ON_DEMAND_PERCENT = Pattern.compile("onDemandPercentAboveBase=(\\d+)");

    @Test
    void anExecutorKilledMidRolloutIsRestartedAndCompletesWithoutRepeatingACloudAction() {
        // Given the whole system, a workload that behaves on spot, and the demo plan under way
        DemoStack stack = E2eStack.stack();
        stack.useScenario(Scenario.HAPPY);
        E2eStack.requireAllServices();
        MigrationPlan plan = E2eStack.demoPlan().plans().get(0);
        String region = plan.getWorkload().getRegion();
        String group = plan.getWorkload().getAutoScalingGroupName();
        Instant submitted = Instant.now();
        // (at the quick rollout's pace: the crash and the restart are what take the time, not the gates)
        String planId = E2eStack.submit(E2eStack.quickDemoPlan(), null);

        // When the executor is killed right after it has changed the group's share for a step (most likely before
        // its transaction commits: the state that says "step done" and the step's events are then lost with it)
        List<String> sharesBeforeCrash = await().atMost(E2eStack.MIGRATION_TIMEOUT)
                .pollInterval(java.time.Duration.ofMillis(20)).alias("plan " + planId + " moving capacity")
                .until(() -> shares(stack.cloudCalls(), submitted, group), s -> !s.isEmpty());
        long pid = stack.crash(EXECUTOR);
        assertThat(spotPercent(sharesBeforeCrash.get(sharesBeforeCrash.size() - 1))).as("mid-rollout").isLessThan(100);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid %d after SIGKILL", pid).isFalse();

        // And a new executor is started on a fresh node
        DemoStack.ServiceState restarted = stack.restart(EXECUTOR);
        assertThat(restarted.ready()).as("restarted executor: %s", restarted.problem()).isTrue();

        // Then the migration completes at 100 % spot, with savings and no rollback
        MigrationStatus done = E2eStack.awaitFinal(planId);
        assertThat(done.getStage()).as("final stage; reasons %s", done.getReasons()).isEqualTo(MigrationStage.COMPLETED);
        assertThat(done.getSpotPercent()).isEqualTo(100);
        assertThat(done.getRollbacks()).isZero();
        assertThat(done.getSavingsMicros()).isPositive();

        // And the account saw each share change once, in step order, and nothing launched or terminated for it
        List<String> shares = shares(stack.cloudCalls(), submitted, group);
        assertThat(shares).as("group policy updates since the submission (before the crash: %s)", sharesBeforeCrash)
                .doesNotHaveDuplicates().startsWith(sharesBeforeCrash.toArray(String[]::new));
        assertThat(shares.stream().map(ExecutorCrashIT::spotPercent).toList())
                .as("spot share after each update").isSorted().endsWith(100);
        assertThat(stack.cloudCalls()).filteredOn(c -> !c.at().isBefore(submitted))
                .extracting(CapacityCall::operation).doesNotContain("ec2:RunInstances", "ec2:TerminateInstances");
        GroupState g = stack.describeGroup(region, group);
        assertThat(g.activeCount(Lifecycle.SPOT)).isEqualTo(g.desired());

        // And the log holds each step's start and completion once (the crashed transaction's events aborted)
        List<Object> payloads = E2eStack.events(Topics.ROLLOUT_EVENTS, planId).stream().map(RolloutEvent::getPayload)
                .map(Object.class::cast).toList();
        assertThat(payloads.stream().filter(RolloutStepStarted.class::isInstance)
                .map(p -> ((RolloutStepStarted) p).getToSpotPercent()).toList()).containsExactly(25, 50, 75, 100);
        assertThat(payloads.stream().filter(RolloutStepCompleted.class::isInstance)
                .map(p -> ((RolloutStepCompleted) p).getSpotPercent()).toList()).containsExactly(25, 50, 75, 100);
        E2eStack.assertAuditClean(planId);
    }

    /** The group's policy updates made since {@code from}, each as the share it set. */
    private static List<String> shares(List<CapacityCall> calls, Instant from, String group) {
        return calls.stream().filter(c -> !c.at().isBefore(from))
                .filter(c -> c.operation().equals("autoscaling:UpdateAutoScalingGroup") && c.target().equals(group))
                .map(CapacityCall::detail).toList();
    }

    private static int spotPercent(String share) {
        Matcher m = ON_DEMAND_PERCENT.matcher(share);
        assertThat(m.find()).as("share %s", share).isTrue();
        return 100 - Integer.parseInt(m.group(1));
    }
}
