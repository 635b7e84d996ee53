package dev.spotshift.executor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.cloud.Cloud;
import dev.spotshift.cloud.GroupConfig;
import dev.spotshift.cloud.OnDemandPriceList;
import dev.spotshift.cloud.testing.Moto;
import dev.spotshift.events.CloudOutcome;
import dev.spotshift.executor.actuation.CloudActions;
import dev.spotshift.executor.domain.Command;
import dev.spotshift.executor.domain.GroupSnapshot;
import dev.spotshift.executor.domain.Input;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.InstancesDistribution;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateOverrides;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * A failover's actuation on the AWS side: the backup group's share, as the failover's domain command
 * ({@code SetSpotShare} naming the backup region and group, with the plan's types and price cap), out through the
 * cloud-commands mapping and the actuator to the AWS port against moto, and read back with SDK clients of each
 * region. The primary lives in us-east-1, the backup in us-east-2: a client that ignored the command's region would
 * find no backup group, or change the wrong one.
 */
class BackupRegionOnMotoTest {

    private static final String PRIMARY = "us-east-1";
    private static final String BACKUP = "us-east-2";
    private static final List<String> M5 = List.of("m5.large", "m5a.large", "m5n.large");

    private static Moto moto;
    private static Cloud cloud;
    private static CloudActions actions;
    private static AutoScalingClient primaryGroups;
    private static AutoScalingClient backupGroups;

    @BeforeAll
    static void givenAPrimaryGroupInUsEast1AndItsBackupInUsEast2() {
        moto = Moto.start();
        cloud = moto.cloud(null);
        actions = new CloudActions(cloud, 3, "executor-test");
        primaryGroups = groups(PRIMARY);
        backupGroups = groups(BACKUP);
        mixedGroup(PRIMARY, primaryGroups, "etl-asg");
        mixedGroup(BACKUP, backupGroups, "etl-asg-backup");
    }

    @AfterAll
    static void stopMoto() {
        primaryGroups.close();
        backupGroups.close();
        cloud.close();
        moto.close();
    }

    private static AutoScalingClient groups(String region) {
        return AutoScalingClient.builder().endpointOverride(moto.endpoint()).region(Region.of(region))
                .credentialsProvider(moto.credentials()).build();
    }

    /** All on-demand behind a MixedInstancesPolicy, two zones of its region, no spot price cap. */
    private static void mixedGroup(String region, AutoScalingClient autoScaling, String name) {
        try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(moto.endpoint()).region(Region.of(region))
                .credentialsProvider(moto.credentials()).build()) {
            String imageId = ec2.describeImages().images().get(0).imageId();
            ec2.createLaunchTemplate(b -> b.launchTemplateName(name + "-lt")
                    .launchTemplateData(d -> d.imageId(imageId).instanceType("m5.large")));
        }
        autoScaling.createAutoScalingGroup(b -> b.autoScalingGroupName(name).minSize(0).maxSize(3).desiredCapacity(1)
                .availabilityZones(region + "a", region + "b")
                .mixedInstancesPolicy(p -> p
                        .launchTemplate(lt -> lt.launchTemplateSpecification(s -> s.launchTemplateName(name + "-lt")
                                .version("$Latest")).overrides(o -> o.instanceType("m5.large")))
                        .instancesDistribution(d -> d.onDemandBaseCapacity(0).onDemandPercentageAboveBaseCapacity(100)
                                .spotAllocationStrategy("capacity-optimized"))));
    }

    /** The backup's share as the failover asks for it: the plan's whole type list, its price cap, no scaling rules. */
    private static Command.SetSpotShare backupShare(String commandId, int percent, Long maxPriceMicros,
                                                    Double maxPriceFraction) {
        return new Command.SetSpotShare(commandId, BACKUP, "etl-asg-backup", percent, 0, "capacity-optimized", M5,
                maxPriceMicros, maxPriceFraction, null);
    }

    /** Out as the executor writes it on cloud-commands, carried out by the actuator, back in as the plan reads it. */
    private static Input carriedOut(Command.CloudAction share) {
        CloudOutcome outcome = actions.carryOut(CloudCommandMapping.toCommand("plan-1", share, false, "test",
                Instant.now(), "executor-test", "cause-1", null));
        assertThat(outcome.getSucceeded()).as("outcome: %s", outcome.getError()).isTrue();
        return ((Input.CloudAnswered) CloudCommandMapping.toInput(outcome).orElseThrow()).answer();
    }

    private static AutoScalingGroup group(AutoScalingClient client, String name) {
        return client.describeAutoScalingGroups(b -> b.autoScalingGroupNames(name)).autoScalingGroups().get(0);
    }

    private static InstancesDistribution distribution(AutoScalingClient client, String name) {
        return group(client, name).mixedInstancesPolicy().instancesDistribution();
    }

    @Test
    void theBackupsShareAndPriceCapAreSetInUsEast2OnlyAndGoBackToZeroOnceEvenWhenReplayed() {
        // When the failover sets the last good step's 50 % on the backup group, with the plan's cap of $0.045/h
        Input applied = carriedOut(backupShare("fo-share", 50, 45_000L, null));

        // Then us-east-2's group reads back 50 % spot above base, capped at 0.045, with the plan's three types
        assertThat(applied).isEqualTo(new Input.ShareApplied(50, true, 0));
        InstancesDistribution backup = distribution(backupGroups, "etl-asg-backup");
        assertThat(backup.onDemandPercentageAboveBaseCapacity()).isEqualTo(50);
        assertThat(new BigDecimal(backup.spotMaxPrice())).isEqualByComparingTo("0.045");
        assertThat(group(backupGroups, "etl-asg-backup").mixedInstancesPolicy().launchTemplate().overrides())
                .extracting(LaunchTemplateOverrides::instanceType).containsExactlyElementsOf(M5);
        // And the primary in us-east-1 is untouched (all on-demand, uncapped); neither region sees the other's group
        InstancesDistribution primary = distribution(primaryGroups, "etl-asg");
        assertThat(primary.onDemandPercentageAboveBaseCapacity()).isEqualTo(100);
        assertThat(primary.spotMaxPrice()).isNullOrEmpty();
        assertThat(primaryGroups.describeAutoScalingGroups(b -> b.autoScalingGroupNames("etl-asg-backup"))
                .autoScalingGroups()).isEmpty();
        assertThat(backupGroups.describeAutoScalingGroups(b -> b.autoScalingGroupNames("etl-asg"))
                .autoScalingGroups()).isEmpty();

        // When the failover ends (fail-back) and its 0 % is carried out again after a crash
        Input released = carriedOut(backupShare("fo-release", 0, 45_000L, null));
        Input replayed = carriedOut(backupShare("fo-release", 0, 45_000L, null));

        // Then us-east-2 is back to all on-demand, changed once; the primary still untouched
        assertThat(released).isEqualTo(new Input.ShareApplied(0, true, 0));
        assertThat(replayed).isEqualTo(new Input.ShareApplied(0, false, 0));
        assertThat(distribution(backupGroups, "etl-asg-backup").onDemandPercentageAboveBaseCapacity()).isEqualTo(100);
        assertThat(distribution(primaryGroups, "etl-asg").onDemandPercentageAboveBaseCapacity()).isEqualTo(100);
    }

    /** The backup group as the failover's pre-flight reads it (the probes' snapshot, part for part). */
    private static GroupSnapshot readByPreflight() {
        GroupConfig g = cloud.capacity().captureConfig(BACKUP, "etl-asg-backup");
        GroupConfig.TemplateRef t = g.launchTemplate();
        return new GroupSnapshot(g.min(), g.max(), g.desired(), g.mixedInstancesPolicy(), g.onDemandBase(),
                g.onDemandPercentAboveBase(), g.spotAllocationStrategy(), g.spotMaxPrice(),
                g.onDemandAllocationStrategy(), t == null ? null : t.id(), t == null ? null : t.name(),
                t == null ? null : t.version(), g.instanceTypes());
    }

    @Test
    void theBackupGroupIsSizedToTheMovedShareAllSpotAndRestoredAsItsPreflightReadItEvenWhenReplayed() {
        // Given the backup group as the failover's pre-flight reads it (0..3, desired 1, all on-demand)
        GroupSnapshot before = readByPreflight();
        AutoScalingGroup primaryBefore = group(primaryGroups, "etl-asg");

        // When the failover sizes it to the 2 instances the step held on spot in the primary, and that is replayed
        Command.SetSpotShare sized = new Command.SetSpotShare("fo-sized", BACKUP, "etl-asg-backup", 100, 0,
                "capacity-optimized", M5, 45_000L, null, null, new Command.GroupSize(2, 2, 2));
        Input applied = carriedOut(sized);
        Input replayed = carriedOut(sized);

        // Then us-east-2's group reads back 2/2/2, all spot above a base of 0, capped, the plan's types; changed once
        assertThat(applied).isInstanceOfSatisfying(Input.ShareApplied.class, a -> {
            assertThat(a.targetPercent()).isEqualTo(100);
            assertThat(a.changed()).isTrue();
        });
        assertThat(replayed).isInstanceOfSatisfying(Input.ShareApplied.class, a -> assertThat(a.changed()).isFalse());
        AutoScalingGroup backup = group(backupGroups, "etl-asg-backup");
        assertThat(List.of(backup.minSize(), backup.desiredCapacity(), backup.maxSize())).containsExactly(2, 2, 2);
        InstancesDistribution d = backup.mixedInstancesPolicy().instancesDistribution();
        assertThat(d.onDemandBaseCapacity()).isZero();
        assertThat(d.onDemandPercentageAboveBaseCapacity()).isZero();
        assertThat(new BigDecimal(d.spotMaxPrice())).isEqualByComparingTo("0.045");
        assertThat(backup.mixedInstancesPolicy().launchTemplate().overrides())
                .extracting(LaunchTemplateOverrides::instanceType).containsExactlyElementsOf(M5);
        assertThat(backup.mixedInstancesPolicy().launchTemplate().launchTemplateSpecification().launchTemplateName())
                .isEqualTo("etl-asg-backup-lt");

        // When the fail-back restores it from the pre-flight's reading, and that is replayed after a crash
        Command.RestoreGroup restore = new Command.RestoreGroup("fo-restore", BACKUP, "etl-asg-backup", before);
        Input restored = carriedOut(restore);
        Input again = carriedOut(restore);

        // Then the group is back at its own sizes and mix, changed once; the primary in us-east-1 never moved
        assertThat(restored).isInstanceOfSatisfying(Input.ShareApplied.class, a -> {
            assertThat(a.targetPercent()).isZero();
            assertThat(a.changed()).isTrue();
        });
        assertThat(again).isInstanceOfSatisfying(Input.ShareApplied.class, a -> assertThat(a.changed()).isFalse());
        assertThat(readByPreflight()).isEqualTo(before);
        AutoScalingGroup back = group(backupGroups, "etl-asg-backup");
        assertThat(List.of(back.minSize(), back.desiredCapacity(), back.maxSize()))
                .containsExactly(before.min(), before.desired(), before.max());
        AutoScalingGroup primary = group(primaryGroups, "etl-asg");
        assertThat(List.of(primary.minSize(), primary.desiredCapacity(), primary.maxSize()))
                .containsExactly(primaryBefore.minSize(), primaryBefore.desiredCapacity(), primaryBefore.maxSize());
        assertThat(distribution(primaryGroups, "etl-asg").onDemandPercentageAboveBaseCapacity()).isEqualTo(100);
    }

    @Test
    void aCapGivenAsAFractionOfOnDemandIsPricedInTheBackupRegionAndSetAsItsSpotMaxPrice() {
        // When the backup's share is set for a plan capped at 0.7 x on-demand
        carriedOut(backupShare("fo-fraction", 25, null, 0.7));

        // Then its SpotMaxPrice is 0.7 x the cheapest of the plan's types on-demand in us-east-2
        long cheapest = M5.stream().mapToLong(t -> OnDemandPriceList.priceMicros("test", BACKUP, t)).min().orElseThrow();
        InstancesDistribution backup = distribution(backupGroups, "etl-asg-backup");
        assertThat(backup.onDemandPercentageAboveBaseCapacity()).isEqualTo(75);
        assertThat(new BigDecimal(backup.spotMaxPrice()))
                .isEqualByComparingTo(BigDecimal.valueOf(Math.round(cheapest * 0.7), 6));
        carriedOut(backupShare("fo-fraction-release", 0, null, 0.7));
    }
}
