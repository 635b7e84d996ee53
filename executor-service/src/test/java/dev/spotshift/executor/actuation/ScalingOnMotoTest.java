package dev.spotshift.executor.actuation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.cloud.Cloud;
import dev.spotshift.cloud.GroupState;
import dev.spotshift.cloud.testing.Moto;
import dev.spotshift.events.CloudCommand;
import dev.spotshift.events.CloudOutcome;
import dev.spotshift.events.EventEnvelope;
import dev.spotshift.events.GroupScaling;
import dev.spotshift.events.GroupSnapshot;
import dev.spotshift.events.RestoreGroup;
import dev.spotshift.events.SetGroupShare;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Seed 001's autoscaling on the group, through the executor's own actuation path (domain command, cloud-commands
 * event, actuator) against moto, read back with the SDK's own clients: on with the first step, off with a rollback.
 */
class ScalingOnMotoTest {

    /** Seed 001: min 1, max 2, out on CPU > 75 % for 10 min, in on CPU < 30 % for 20 min. */
    private static final GroupScaling SEED_001 = new GroupScaling(1, 2, 75.0, 600_000L, 30.0, 1_200_000L);
    private static final List<String> M5 = List.of("m5.large", "m5a.large", "m5n.large");

    private static Moto moto;
    private static Cloud cloud;
    private static AutoScalingClient autoScaling;
    private static CloudWatchClient cloudWatch;
    private static Ec2Client ec2;
    private String group;

    @BeforeAll
    static void startMoto() {
        moto = Moto.start();
        cloud = moto.cloud(null);
        autoScaling = AutoScalingClient.builder().endpointOverride(moto.endpoint()).region(moto.region())
                .credentialsProvider(moto.credentials()).build();
        cloudWatch = CloudWatchClient.builder().endpointOverride(moto.endpoint()).region(moto.region())
                .credentialsProvider(moto.credentials()).build();
        ec2 = Ec2Client.builder().endpointOverride(moto.endpoint()).region(moto.region())
                .credentialsProvider(moto.credentials()).build();
    }

    @AfterAll
    static void stopMoto() {
        autoScaling.close();
        cloudWatch.close();
        ec2.close();
        cloud.close();
        moto.close();
    }

    /** The seed's workload: one on-demand instance behind a MixedInstancesPolicy, sizes 1..1 before Spotshift. */
    @BeforeEach
    void givenGroup() {
        group = "etl-" + UUID.randomUUID().toString().substring(0, 8);
        String imageId = ec2.describeImages().images().get(0).imageId();
        ec2.createLaunchTemplate(b -> b.launchTemplateName(group + "-lt")
                .launchTemplateData(d -> d.imageId(imageId).instanceType("m5.large")));
        autoScaling.createAutoScalingGroup(b -> b.autoScalingGroupName(group).minSize(1).maxSize(1).desiredCapacity(1)
                .availabilityZones("us-east-1a", "us-east-1b")
                .mixedInstancesPolicy(p -> p
                        .launchTemplate(lt -> lt.launchTemplateSpecification(s -> s.launchTemplateName(group + "-lt")
                                .version("$Latest")).overrides(o -> o.instanceType("m5.large")))
                        .instancesDistribution(d -> d.onDemandBaseCapacity(0).onDemandPercentageAboveBaseCapacity(100)
                                .spotAllocationStrategy("capacity-optimized"))));
    }

    @AfterEach
    void dropGroup() {
        autoScaling.deleteAutoScalingGroup(b -> b.autoScalingGroupName(group).forceDelete(true));
    }

    /** A cloud-commands event as the executor writes it for a step (the mapping is CloudCommandMappingTest's). */
    private static CloudCommand command(String commandId, Object action) {
        return CloudCommand.newBuilder().setEnvelope(EventEnvelope.newBuilder().setEventId(commandId).setPlanId("plan-1")
                        .setOccurredAt(Instant.now()).setProducer("executor-test").build())
                .setCommandId(commandId).setRegion(Moto.REGION).setDeploymentId("test").setDryRun(false)
                .setAction(action).build();
    }

    private SetGroupShare share(int spotPercent, GroupScaling scaling) {
        return new SetGroupShare(group, spotPercent, 0, "capacity-optimized", M5, null, null, scaling, null);
    }

    private List<String> policies() {
        return autoScaling.describePolicies(b -> b.autoScalingGroupName(group)).scalingPolicies().stream()
                .map(ScalingPolicy::policyName).toList();
    }

    private List<MetricAlarm> alarms() {
        return cloudWatch.describeAlarms(b -> b.alarmNamePrefix(group + "-")).metricAlarms();
    }

    @Test
    void givenAPlanWithSeed001sRulesWhenTheFirstStepRunsThenTheRulesAreOnTheGroupAndARollbackTakesThemOff() {
        CloudActions actions = new CloudActions(cloud, 3, "executor-test");
        GroupSnapshot before = Snapshots.fromConfig(cloud.capacity().captureConfig(Moto.REGION, group));

        // When the first step (25 % spot) is carried out with the plan's rules
        CloudOutcome step = actions.carryOut(command("cmd-step-1", share(25, SEED_001)));

        // Then the group has the seed's sizes, both step policies and both CPU alarms, read back with the SDK
        assertThat(step.getSucceeded()).as("step outcome: %s", step.getError()).isTrue();
        GroupState g = cloud.capacity().describeGroup(Moto.REGION, group);
        assertThat(List.of(g.min(), g.max())).containsExactly(1, 2);
        assertThat(policies()).containsExactlyInAnyOrder("spotshift-scale-out", "spotshift-scale-in");
        assertThat(alarms()).extracting(MetricAlarm::threshold, MetricAlarm::evaluationPeriods).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(75.0, 10), org.assertj.core.groups.Tuple.tuple(30.0, 20));

        // When the next step repeats them (every step toward spot carries them)
        actions.carryOut(command("cmd-step-2", share(50, SEED_001)));
        // Then they are still two of each, not four
        assertThat(policies()).hasSize(2);
        assertThat(alarms()).hasSize(2);

        // When a full rollback restores the group as captured before the first change
        CloudOutcome back = actions.carryOut(command("cmd-back", new RestoreGroup(group, before)));

        // Then the rules are gone and the sizes are the group's own again
        assertThat(back.getSucceeded()).as("rollback outcome: %s", back.getError()).isTrue();
        assertThat(policies()).isEmpty();
        assertThat(alarms()).isEmpty();
        GroupState restored = cloud.capacity().describeGroup(Moto.REGION, group);
        assertThat(List.of(restored.min(), restored.max(), restored.onDemandPercentAboveBase())).containsExactly(1, 1, 100);
    }

    @Test
    void givenAPlanWithoutRulesWhenItStepsThenTheGroupGetsNoPolicies() {
        CloudActions actions = new CloudActions(cloud, 3, "executor-test");
        actions.carryOut(command("cmd-plain", share(25, null)));
        assertThat(policies()).isEmpty();
        assertThat(alarms()).isEmpty();
    }
}
