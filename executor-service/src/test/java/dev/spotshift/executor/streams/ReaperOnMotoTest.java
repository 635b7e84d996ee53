package dev.spotshift.executor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.cloud.Cloud;
import dev.spotshift.cloud.InstanceInfo;
import dev.spotshift.cloud.LaunchRequest;
import dev.spotshift.cloud.Lifecycle;
import dev.spotshift.cloud.testing.Moto;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.SpotCapacityReaped;
import dev.spotshift.executor.domain.PlanSpec;
import dev.spotshift.executor.domain.RolloutState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** The reaper against EC2 as moto emulates it: tags, spot launches and terminations through the AWS port. */
class ReaperOnMotoTest {

    private static Moto moto;
    private static Cloud cloud;

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

    private static final String DEPLOYMENT = "spotshift-test";

    private static InstanceInfo spotFor(String planId) {
        return launch(planId, Lifecycle.SPOT, DEPLOYMENT);
    }

    private static InstanceInfo launch(String planId, Lifecycle lifecycle, String deployment) {
        return cloud.capacity().launch(new LaunchRequest(Moto.REGION, null, List.of("m5.large"), lifecycle,
                planId, Map.of(), java.util.UUID.randomUUID().toString(), deployment));
    }

    private static RolloutState active(String planId) {
        PlanSpec plan = new PlanSpec(planId, "etl", PlanSpec.Mode.LIVE, Moto.REGION, "etl-asg", List.of(50, 100),
                1_000, 1_000, 0, 0, 0, List.of(), 0, "capacity-optimized", List.of("m5.large"), "m5.large", 1,
                "s3://b/p/", null);
        return RolloutState.initial(plan, "decision", Instant.now());
    }

    @Test
    void taggedSpotInstanceOfNoActivePlanIsTerminatedAndReportedAndOneOfAnActivePlanIsUntouched() {
        // Given tagged spot instances of an active plan and of a plan nobody knows
        InstanceInfo mine = spotFor("plan-live");
        InstanceInfo orphan = spotFor("plan-gone");
        ReaperPass reaper = new ReaperPass(cloud, new ReaperSettings(Duration.ofMinutes(1), false, Duration.ZERO,
                List.of(Moto.REGION), 1), "executor-service/test", DEPLOYMENT);
        Map<String, RolloutState> plans = Map.of("plan-live", active("plan-live"));

        // When a pass runs
        long[] left = new long[1];
        List<RolloutEvent> events = reaper.run(0, Set.of(), plans::get, Instant.now().plusSeconds(1), left);

        // Then only the orphan is terminated, and reported
        List<String> running = cloud.capacity().ownedInstances(Moto.REGION).stream().filter(InstanceInfo::isActive)
                .map(InstanceInfo::instanceId).toList();
        assertThat(running).contains(mine.instanceId()).doesNotContain(orphan.instanceId());
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.getEnvelope().getPlanId()).isEqualTo("plan-gone");
            assertThat(((SpotCapacityReaped) e.getPayload()).getTerminated()).isTrue();
        });
        assertThat(left[0]).isZero();
    }

    @Test
    void onDemandReplacementOfAFinishedPlanIsTerminatedAndAnotherDeploymentsInstanceIsLeftAlone() {
        // Given an on-demand replacement of a plan that ended, and an instance another deployment tagged for a plan
        // this one has never heard of
        InstanceInfo leftover = launch("plan-done", Lifecycle.ON_DEMAND, DEPLOYMENT);
        InstanceInfo foreign = launch("plan-elsewhere", Lifecycle.SPOT, "another-deployment");
        RolloutState done = active("plan-done").toBuilder().build();
        ReaperPass reaper = new ReaperPass(cloud, new ReaperSettings(Duration.ofMinutes(1), false, Duration.ZERO,
                List.of(Moto.REGION), 1), "executor-service/test", DEPLOYMENT);
        RolloutState finished = new RolloutState(done.plan(), done.decisionEventId(), done.stepsHash(),
                dev.spotshift.executor.domain.Stage.COMPLETED, null, -1, -1, 100, done.stageEnteredAt(), null, null, 0,
                List.of(), null, List.of(), List.of(), null, false, null, null, false, null, 0, null, null, null, null,
                null);

        // When a pass runs
        long[] left = new long[1];
        List<RolloutEvent> events = reaper.run(0, Set.of(), Map.of("plan-done", finished)::get,
                Instant.now().plusSeconds(1), left);

        // Then the finished plan's on-demand instance is terminated and reported; the other deployment's runs on
        List<String> running = cloud.capacity().ownedInstances(Moto.REGION).stream().filter(InstanceInfo::isActive)
                .map(InstanceInfo::instanceId).toList();
        assertThat(running).contains(foreign.instanceId()).doesNotContain(leftover.instanceId());
        assertThat(events).extracting(e -> e.getEnvelope().getPlanId()).contains("plan-done")
                .doesNotContain("plan-elsewhere");
    }
}
