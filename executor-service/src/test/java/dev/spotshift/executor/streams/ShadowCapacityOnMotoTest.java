package dev.spotshift.executor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.cloud.CapacityManager;
import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.Cloud;
import dev.spotshift.cloud.ShadowCapacity;
import dev.spotshift.cloud.testing.Moto;
import dev.spotshift.events.CloudCommand;
import dev.spotshift.events.CloudOutcome;
import dev.spotshift.events.ReadMarket;
import dev.spotshift.events.ShadowOperation;
import dev.spotshift.executor.actuation.CloudActions;
import dev.spotshift.executor.actuation.FaultyClouds;
import dev.spotshift.executor.domain.Command;
import dev.spotshift.executor.domain.Input;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceLifecycleType;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * A shadow run's capacity on the AWS side: the domain's launch and removal, out through the cloud-commands mapping
 * and the actuator to the AWS port against moto, read back with the SDK's EC2 client, and the outcomes back in as the
 * domain's inputs.
 */
class ShadowCapacityOnMotoTest {

    private static final List<String> M5 = List.of("m5.large", "m5a.large", "m5n.large");

    private static Moto moto;
    private static Cloud cloud;
    private static CloudActions actions;
    private static Ec2Client ec2;

    @BeforeAll
    static void startMoto() {
        moto = Moto.start();
        ec2 = Ec2Client.builder().endpointOverride(moto.endpoint()).region(moto.region())
                .credentialsProvider(moto.credentials()).build();
        cloud = moto.cloud(ec2.describeImages().images().get(0).imageId());
        actions = new CloudActions(cloud, 3, "executor-test");
    }

    @AfterAll
    static void stopMoto() {
        ec2.close();
        cloud.close();
        moto.close();
    }

    private static CloudCommand out(String planId, Command.CloudAction a) {
        return CloudCommandMapping.toCommand(planId, a, false, "dep-test", Instant.now(), "executor-test",
                "cause-" + planId, null);
    }

    private static Input in(CloudOutcome o) {
        return ((Input.CloudAnswered) CloudCommandMapping.toInput(o).orElseThrow()).answer();
    }

    private static List<Instance> live(String planId) {
        return ec2.describeInstances().reservations().stream().flatMap(r -> r.instances().stream())
                .filter(i -> List.of("pending", "running").contains(i.state().nameAsString()))
                .filter(i -> planId.equals(tags(i).get(CapacityManager.OWNER_TAG))).toList();
    }

    private static Map<String, String> tags(Instance i) {
        return i.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }

    @Test
    void givenAShadowRunWhenItsLaunchIsCarriedOutThenTaggedSpotInstancesRunAndAReplayLaunchesNone() {
        // Given the launch the domain asks for when plan p-launch's shadow run starts (target capacity 2)
        CloudCommand launch = out("p-launch", new Command.LaunchShadowCapacity("cmd-launch-1", Moto.REGION,
                "p-launch", M5, 2));
        // (an actuator older than the order would read the plan's types, and change nothing)
        assertThat(launch.getAction()).isInstanceOf(ReadMarket.class);
        assertThat(launch.getShadowCapacity().getOperation()).isEqualTo(ShadowOperation.LAUNCH);

        // When the actuator carries it out, twice (a replay after a crash)
        CloudOutcome first = actions.carryOut(launch);
        CloudOutcome again = actions.carryOut(launch);

        // Then two spot instances run, tagged for the plan, the deployment and the shadow role, read back from EC2
        assertThat(first.getSucceeded()).as("launch: %s", first.getError()).isTrue();
        assertThat(live("p-launch")).hasSize(2).allSatisfy(i -> {
            assertThat(i.instanceLifecycle()).isEqualTo(InstanceLifecycleType.SPOT);
            assertThat(tags(i)).containsEntry(ShadowCapacity.ROLE_TAG, ShadowCapacity.SHADOW_ROLE)
                    .containsEntry(CapacityManager.DEPLOYMENT_TAG, "dep-test");
        });
        // And the replay launched nothing more and answered the same instances under the same event
        assertThat(again.getShadowInstanceIds()).containsExactlyInAnyOrderElementsOf(first.getShadowInstanceIds());
        assertThat(again.getEnvelope().getEventId()).isEqualTo(first.getEnvelope().getEventId());
        // And the domain learns which instances it has
        Input.ShadowCapacityLaunched launched = (Input.ShadowCapacityLaunched) in(first);
        assertThat(launched.error()).isNull();
        assertThat(launched.instanceIds()).containsExactlyInAnyOrderElementsOf(
                live("p-launch").stream().map(Instance::instanceId).toList());
    }

    @Test
    void givenAShadowRunThatEndedWhenItsRemovalIsCarriedOutThenOnlyItsShadowInstancesAreGoneAndARepeatDoesNothing() {
        // Given plan p-end's shadow capacity and another plan's, both running
        actions.carryOut(out("p-end", new Command.LaunchShadowCapacity("cmd-launch-end", Moto.REGION, "p-end", M5, 1)));
        actions.carryOut(out("p-other", new Command.LaunchShadowCapacity("cmd-launch-other", Moto.REGION, "p-other",
                M5, 1)));
        assertThat(live("p-end")).hasSize(1);

        // When p-end's phase ends and its removal is carried out
        CloudOutcome removed = actions.carryOut(out("p-end", new Command.RemoveShadowCapacity("cmd-remove-end",
                Moto.REGION, "p-end")));

        // Then EC2 has none of p-end's instances left, the other plan's still runs, and the domain hears which went
        assertThat(removed.getSucceeded()).as("remove: %s", removed.getError()).isTrue();
        assertThat(live("p-end")).isEmpty();
        assertThat(live("p-other")).hasSize(1);
        assertThat(((Input.ShadowCapacityRemoved) in(removed)).instanceIds()).hasSize(1);

        // When the removal is carried out again
        CloudOutcome repeat = actions.carryOut(out("p-end", new Command.RemoveShadowCapacity("cmd-remove-end",
                Moto.REGION, "p-end")));

        // Then it terminated nothing
        assertThat(repeat.getSucceeded()).isTrue();
        assertThat(repeat.getShadowInstanceIds()).isEmpty();
        assertThat(live("p-other")).hasSize(1);
    }

    @Test
    void givenNoSpotCapacityForTheShadowRunWhenTheLaunchFailsThenTheDomainHearsWhy() {
        // Given an account with no spot capacity for the plan's types, through every retry
        CloudActions short_ = new CloudActions(FaultyClouds.failing(cloud, Set.of("launch"),
                CloudException.Kind.INSUFFICIENT_CAPACITY, "InsufficientInstanceCapacity: no spot m5.large"), 2,
                "executor-test");

        // When the launch is carried out
        CloudOutcome failed = short_.carryOut(out("p-none", new Command.LaunchShadowCapacity("cmd-launch-none",
                Moto.REGION, "p-none", M5, 1)));

        // Then the outcome failed after the bounded retries, nothing runs, and it comes in with the cloud's reason
        assertThat(failed.getSucceeded()).isFalse();
        assertThat(failed.getAttempts()).isEqualTo(2);
        assertThat(live("p-none")).isEmpty();
        Input.ShadowCapacityLaunched in = (Input.ShadowCapacityLaunched) in(failed);
        assertThat(in.instanceIds()).isEmpty();
        assertThat(in.error()).contains("InsufficientInstanceCapacity");
    }
}
