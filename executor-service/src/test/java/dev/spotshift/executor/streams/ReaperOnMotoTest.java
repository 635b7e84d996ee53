package dev.spotshift.executor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.cloud.Cloud;
import dev.spotshift.cloud.InstanceInfo;
import dev.spotshift.cloud.LaunchRequest;
import dev.spotshift.cloud.Lifecycle;
import dev.spotshift.cloud.testing.Moto;
import dev.spotshift.events.SpotCapacityReaped;
import dev.spotshift.events.TerminateInstance;
import dev.spotshift.executor.domain.Dedupe;
import dev.spotshift.executor.domain.Holding;
import dev.spotshift.executor.domain.PlanSpec;
import dev.spotshift.executor.domain.Progress;
import dev.spotshift.executor.domain.Readings;
import dev.spotshift.executor.domain.ReaperSettings;
import dev.spotshift.executor.domain.RolloutState;
import dev.spotshift.executor.domain.Stage;
import dev.spotshift.executor.domain.StepGate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The reaper against EC2 as moto emulates it, the whole way: the actuator's census lists the tagged instances
 * through the AWS port, the executor topology judges each sighting and orders terminations as cloud commands, the
 * actuator's part carries them out on moto, and the outcomes come back as {@code SpotCapacityReaped}.
 */
class ReaperOnMotoTest {

    private static final String DEPLOYMENT = "spotshift-test";
    private static final Duration EVERY = Duration.ofMinutes(1);

    private static Moto moto;
    private static Cloud cloud;
    private TopologyFixture executor;

    @BeforeAll
    static void startMoto() {
        moto = Moto.start();
        String imageId;
        try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(moto.endpoint()).region(moto.region())
                .credentialsProvider(moto.credentials()).build()) {
            imageId = ec2.describeImages().images().get(0).imageId();
        }
        cloud = moto.cloud(imageId);
    }

    @AfterAll
    static void stopMoto() {
        cloud.close();
        moto.close();
    }

    @AfterEach
    void closeExecutor() {
        executor.close();
    }

    /** The executor's wall clock from now: moto stamps launches with the real time. */
    private void startExecutor() {
        executor = new TopologyFixture(new ReaperSettings(EVERY, false, Duration.ZERO, List.of(Moto.REGION), 1),
                cloud, DEPLOYMENT, Instant.now());
    }

    private static InstanceInfo launch(String planId, Lifecycle lifecycle, String deployment) {
        return cloud.capacity().launch(new LaunchRequest(Moto.REGION, null, List.of("m5.large"), lifecycle,
                planId, Map.of(), java.util.UUID.randomUUID().toString(), deployment));
    }

    private static RolloutState active(String planId) {
        PlanSpec plan = PlanSpec.builder().planId(planId).workload("etl").mode(PlanSpec.Mode.LIVE).region(Moto.REGION)
                .groupName("etl-asg").stepsPercent(List.of(50, 100)).stepIntervalMillis(1_000).validationWindowMillis(1_000)
                .allocationStrategy("capacity-optimized").instanceTypes(List.of("m5.large")).fallbackInstanceType("m5.large")
                .targetCapacity(1).checkpointLocation("s3://b/p/").build();
        return RolloutState.initial(plan, "decision", Instant.now());
    }

    private static RolloutState completed(String planId) {
        RolloutState done = active(planId);
        return new RolloutState(done.plan(), done.decisionEventId(), done.stepsHash(), null,
                new Progress(Stage.COMPLETED, done.stageEnteredAt(), -1, 100), StepGate.NONE, Holding.NONE, List.of(),
                Dedupe.NONE, Readings.NONE, null, null, null);
    }

    private static List<String> running() {
        return cloud.capacity().ownedInstances(Moto.REGION).stream().filter(InstanceInfo::isActive)
                .map(InstanceInfo::instanceId).toList();
    }

    @Test
    void taggedSpotInstanceOfNoKnownPlanIsTerminatedByTheActuatorAndOneOfAnActivePlanIsUntouched() {
        // Given tagged spot instances of an active plan and of a plan nobody knows
        startExecutor();
        executor.stored(active("plan-live"));
        InstanceInfo mine = launch("plan-live", Lifecycle.SPOT, DEPLOYMENT);
        InstanceInfo orphan = launch("plan-gone", Lifecycle.SPOT, DEPLOYMENT);

        // When the census runs and the executor judges what it saw
        executor.advance(EVERY);

        // Then only the orphan was ordered terminated, the actuator terminated it, and it is reported once
        assertThat(executor.cloudCommands).filteredOn(c -> c.getAction() instanceof TerminateInstance)
                .extracting(c -> ((TerminateInstance) c.getAction()).getInstanceId())
                .containsExactly(orphan.instanceId());
        assertThat(running()).contains(mine.instanceId()).doesNotContain(orphan.instanceId());
        assertThat(executor.events).filteredOn(e -> e.getPayload() instanceof SpotCapacityReaped).singleElement()
                .satisfies(e -> {
                    assertThat(e.getEnvelope().getPlanId()).isEqualTo("plan-gone");
                    assertThat(((SpotCapacityReaped) e.getPayload()).getTerminated()).isTrue();
                });
        assertThat(executor.metrics.orphanedSpotInstances()).isZero();
    }

    @Test
    void onDemandReplacementOfAFinishedPlanIsTerminatedAndAnotherDeploymentsInstanceIsLeftAlone() {
        // Given an on-demand replacement of a plan that ended, and an instance another deployment tagged for a plan
        // this one has never heard of
        startExecutor();
        executor.stored(completed("plan-done"));
        InstanceInfo leftover = launch("plan-done", Lifecycle.ON_DEMAND, DEPLOYMENT);
        InstanceInfo foreign = launch("plan-elsewhere", Lifecycle.SPOT, "another-deployment");

        // When the census runs and the executor judges what it saw
        executor.advance(EVERY);

        // Then the finished plan's on-demand instance is terminated and reported; the other deployment's runs on,
        // never listed, never judged
        assertThat(running()).contains(foreign.instanceId()).doesNotContain(leftover.instanceId());
        assertThat(executor.payloads(SpotCapacityReaped.class)).filteredOn(r -> r.getInstanceId()
                .equals(leftover.instanceId())).singleElement().satisfies(r -> {
                    assertThat(r.getTerminated()).isTrue();
                    assertThat(r.getPlanKnown()).isTrue();
                    assertThat(r.getReason()).contains("ended COMPLETED");
                });
        assertThat(executor.events).extracting(e -> e.getEnvelope().getPlanId()).doesNotContain("plan-elsewhere");
        assertThat(executor.cloudCommands).noneMatch(c -> c.getAction() instanceof TerminateInstance t
                && t.getInstanceId().equals(foreign.instanceId()));
    }
}
