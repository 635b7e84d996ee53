package dev.spotshift.executor.actuation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.cloud.CapacityManager;
import dev.spotshift.cloud.Cloud;
import dev.spotshift.cloud.SpotShare;
import dev.spotshift.cloud.sim.SimClock;
import dev.spotshift.cloud.sim.SimulatedCloud;
import dev.spotshift.events.CloudCommand;
import dev.spotshift.events.CloudOutcome;
import dev.spotshift.events.EventEnvelope;
import dev.spotshift.events.GroupReadBack;
import dev.spotshift.events.SetGroupShare;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One command carried out against the simulated account: check before act, read back, and what it answers. */
class CloudActionsTest {

    private static final String REGION = "us-east-1";
    private static final List<String> TYPES = List.of("m5.large", "m5a.large");
    private final SimulatedCloud account = new SimulatedCloud(3, new SimClock(Instant.parse("2026-03-01T02:00:00Z")));

    @AfterEach
    void close() {
        account.close();
    }

    private static CloudCommand share(String commandId, int spot, boolean dryRun) {
        return CloudCommand.newBuilder().setEnvelope(EventEnvelope.newBuilder().setEventId(commandId)
                        .setPlanId("plan-1").setOccurredAt(Instant.now()).setProducer("test").build())
                .setCommandId(commandId).setRegion(REGION).setDeploymentId("test").setDryRun(dryRun)
                .setAction(new SetGroupShare("asg", spot, 0, SpotShare.CAPACITY_OPTIMIZED, TYPES, null, null, null, null)).build();
    }

    private long updates() {
        return account.capacity().calls().stream()
                .filter(c -> c.operation().equals("autoscaling:UpdateAutoScalingGroup")).count();
    }

    @Test
    void aShareAlreadyInPlaceIsNotSentAgainAndTheOutcomeIsTheSameEvent() {
        // Given a group
        account.capacity().createGroup(REGION, "asg", 1, 2, 1, new SpotShare(0, 100, SpotShare.CAPACITY_OPTIMIZED,
                TYPES));
        CloudActions actions = new CloudActions(account, 3, "test");

        // When the same command is carried out twice (a replay after a crash)
        CloudOutcome first = actions.carryOut(share("cmd-1", 50, false));
        CloudOutcome second = actions.carryOut(share("cmd-1", 50, false));

        // Then one update reached the account, both outcomes read back 50 %, and they are one event
        assertThat(updates()).isEqualTo(1);
        assertThat(((GroupReadBack) first.getResult()).getChanged()).isTrue();
        assertThat(((GroupReadBack) second.getResult()).getChanged()).isFalse();
        assertThat(((GroupReadBack) second.getResult()).getOnDemandPercentAboveBase()).isEqualTo(50);
        assertThat(second.getEnvelope().getEventId()).isEqualTo(first.getEnvelope().getEventId());
    }

    @Test
    void anAnswerThatContradictsTheReadBackIsAFailedOutcomeSayingSo() {
        // Given an account that accepts a change and does not apply it
        account.capacity().createGroup(REGION, "asg", 1, 2, 1, new SpotShare(0, 100, SpotShare.CAPACITY_OPTIMIZED,
                TYPES));
        CapacityManager ignoring = (CapacityManager) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {CapacityManager.class}, (proxy, method, args) -> {
                    if (method.getName().equals("setSpotShare")) {
                        return null;
                    }
                    try {
                        return method.invoke(account.capacity(), args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Cloud lying = (Cloud) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Cloud.class},
                (proxy, method, args) -> method.getName().equals("capacity") ? ignoring : method.invoke(account, args));

        // When a share change is carried out
        CloudOutcome outcome = new CloudActions(lying, 3, "test").carryOut(share("cmd-2", 50, false));

        // Then it failed after its attempts, naming what was read back
        assertThat(outcome.getSucceeded()).isFalse();
        assertThat(outcome.getAttempts()).isEqualTo(3);
        assertThat(outcome.getError()).contains("read back on-demand 100 %");
    }

    @Test
    void aDryRunCommandReadsAndNeverWrites() {
        // Given a group
        account.capacity().createGroup(REGION, "asg", 1, 2, 1, new SpotShare(0, 100, SpotShare.CAPACITY_OPTIMIZED,
                TYPES));

        // When a dry-run share change is carried out
        CloudOutcome outcome = new CloudActions(account, 3, "test").carryOut(share("cmd-3", 50, true));

        // Then nothing was written and the outcome says the group is as it was
        assertThat(updates()).isZero();
        assertThat(((GroupReadBack) outcome.getResult()).getOnDemandPercentAboveBase()).isEqualTo(100);
    }

    private static CloudCommand terminate(String commandId, String planId, String instanceId) {
        return CloudCommand.newBuilder().setEnvelope(EventEnvelope.newBuilder().setEventId(commandId)
                        .setPlanId(planId).setOccurredAt(Instant.now()).setProducer("test").build())
                .setCommandId(commandId).setRegion(REGION).setDeploymentId("test").setDryRun(false)
                .setAction(new dev.spotshift.events.TerminateInstance(instanceId, "m5.large", null, false, "orphan"))
                .build();
    }

    private dev.spotshift.cloud.InstanceInfo launch(String planId, String deployment) {
        return account.capacity().launch(new dev.spotshift.cloud.LaunchRequest(REGION, null, TYPES,
                dev.spotshift.cloud.Lifecycle.SPOT, planId, java.util.Map.of(), java.util.UUID.randomUUID().toString(),
                deployment));
    }

    private long terminations() {
        return account.capacity().calls().stream().filter(c -> c.operation().equals("ec2:TerminateInstances"))
                .count();
    }

    @Test
    void anOrphanIsTerminatedOnceAndAReplayFindsItGoneWithoutACall() {
        // Given an instance this deployment tagged for a plan
        var orphan = launch("plan-gone", "test");
        CloudActions actions = new CloudActions(account, 3, "test");

        // When its termination is carried out twice (a replay after a crash)
        CloudOutcome first = actions.carryOut(terminate("t-1", "plan-gone", orphan.instanceId()));
        CloudOutcome second = actions.carryOut(terminate("t-1", "plan-gone", orphan.instanceId()));

        // Then one call was made, both succeeded, the second found it already gone, and they are one event
        assertThat(first.getSucceeded()).isTrue();
        assertThat(second.getSucceeded()).isTrue();
        assertThat(((dev.spotshift.events.InstanceTerminated) first.getResult()).getAlreadyGone()).isFalse();
        assertThat(((dev.spotshift.events.InstanceTerminated) second.getResult()).getAlreadyGone()).isTrue();
        assertThat(terminations()).isEqualTo(1);
        assertThat(second.getEnvelope().getEventId()).isEqualTo(first.getEnvelope().getEventId());
    }

    @Test
    void anInstanceTaggedByAnotherDeploymentOrPlanIsNeverTerminated() {
        // Given instances of another deployment, and of another plan of this one
        var foreign = launch("plan-gone", "another-deployment");
        var otherPlan = launch("plan-other", "test");
        CloudActions actions = new CloudActions(account, 3, "test");

        // When terminations naming them for plan-gone of this deployment are carried out
        CloudOutcome a = actions.carryOut(terminate("t-2", "plan-gone", foreign.instanceId()));
        CloudOutcome b = actions.carryOut(terminate("t-3", "plan-gone", otherPlan.instanceId()));

        // Then both fail with why, and no call was made
        assertThat(a.getSucceeded()).isFalse();
        assertThat(a.getError()).contains("another-deployment");
        assertThat(b.getSucceeded()).isFalse();
        assertThat(terminations()).isZero();
    }
}
