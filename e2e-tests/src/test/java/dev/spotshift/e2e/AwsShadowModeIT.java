package dev.spotshift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.cloud.CapacityManager;
import dev.spotshift.cloud.InstanceInfo;
import dev.spotshift.cloud.ShadowCapacity;
import dev.spotshift.cloud.ShadowMismatchLog;
import dev.spotshift.demo.MotoAccount;
import dev.spotshift.events.CloudOutcome;
import dev.spotshift.events.MetricSample;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.OutputMismatch;
import dev.spotshift.events.RollbackTrigger;
import dev.spotshift.events.RolledBack;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.RolloutStepStarted;
import dev.spotshift.events.ShadowRunCompleted;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.plan.ParsedPlans;
import dev.spotshift.simulator.domain.Scenario;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Seed 000's pilot ({@code examples/nightly-etl-pilot.yaml}, {@code mode: shadow}) on the AWS implementation against
 * moto: the executor launches the shadow spot instances through the actuator (read back from moto's EC2), the
 * workload puts the shadow run's figures into CloudWatch under {@code Role=shadow}, the cloud-bridge turns them into
 * shadow samples, the shadow phase passes on them, the shadow instances are gone, and the plan shifts. When a job's
 * output differs, the workload's records in the plan's checkpoint bucket name it, the bridge's shadow sample carries
 * them, and the monitor's data-inconsistency rollback names the job and both checksums.
 */
class AwsShadowModeIT {

    /** The pilot at demo speed on a group of its own in moto, its gates as long as moto needs, its shadow run too. */
    private static ParsedPlans pilotOnNewGroup(String groupName) {
        ParsedPlans pilot = ShadowModeIT.pilotAtDemoSpeed();
        MigrationPlan plan = MigrationPlan.newBuilder(pilot.plans().get(0)).build();
        plan.getWorkload().setAutoScalingGroupName(groupName);
        long window = AwsStack.GATE_WINDOW_ON_MOTO.toMillis();
        plan.getRollout().setValidationWindowMillis(Math.max(plan.getRollout().getValidationWindowMillis(), window));
        plan.getRollout().setStepIntervalMillis(Math.max(plan.getRollout().getStepIntervalMillis(), window));
        // Long enough for the launch, the workload's first shadow interval and the bridge's read of it (1 s + 1 s).
        plan.getRollout().setShadowRunMillis(Math.max(plan.getRollout().getShadowRunMillis(), 20_000));
        List<String> types = new ArrayList<>(List.of(plan.getWorkload().getCurrentInstanceType()));
        plan.getSpot().getInstanceTypes().stream().filter(t -> !types.contains(t)).forEach(types::add);
        AwsStack.moto().createGroup(groupName, types, plan.getSpot().getTargetCapacity(),
                plan.getWorkload().getAzPreference());
        AwsStack.moto().createBucket(URI.create(plan.getCheckpoint().getLocation()).getHost());
        return new ParsedPlans(pilot.documentId(), pilot.planName(), List.of(plan), List.of());
    }

    /** The plan's shadow instances as moto's EC2 lists them now (pending or running). */
    private static List<InstanceInfo> liveShadowInstances(String planId) {
        return AwsStack.stack().cloud().capacity().ownedInstances(MotoAccount.REGION).stream()
                .filter(i -> planId.equals(i.tags().get(CapacityManager.OWNER_TAG)))
                .filter(i -> ShadowCapacity.SHADOW_ROLE.equals(i.tags().get(ShadowCapacity.ROLE_TAG)))
                .filter(InstanceInfo::isActive).toList();
    }

    @Test
    void givenThePilotInShadowModeOnMotoWhenOutputsAgreeThenShadowInstancesRunThePhaseAndGoAndThePlanShifts() {
        // Given the whole system on the AWS implementation and the pilot's group in moto, all on-demand
        AwsStack.stack().useScenario(Scenario.HAPPY);
        AwsStack.requireAllServices();
        ParsedPlans plan = pilotOnNewGroup("aws-shadow-etl");
        // When seed 000's pilot (mode: shadow) is submitted
        String planId = AwsStack.submit(plan);
        // (until the shift has started after the shadow run: how the steps' gates then fare on moto's spot mix is
        // AwsHappyPathIT's matter, not this one's)
        AwsStack.explained(planId, () -> org.awaitility.Awaitility.await().atMost(E2eStack.MIGRATION_TIMEOUT)
                .pollInterval(java.time.Duration.ofSeconds(2)).until(() -> shiftStartedAfterTheShadowRun(planId), done -> done));
        String story = AwsStack.story(planId);
        // Then the executor launched the shadow capacity through the actuator, spot instances moto knows
        List<CloudOutcome> outcomes = AwsStack.events(Topics.CLOUD_OUTCOMES, planId);
        List<String> launched = outcomes.stream().filter(o -> "LaunchShadowCapacity".equals(o.getAction()))
                .peek(o -> assertThat(o.getSucceeded()).as("shadow launch: %s", o.getError()).isTrue())
                .flatMap(o -> o.getShadowInstanceIds().stream()).toList();
        assertThat(launched).as("shadow instances launched; %s", story)
                .hasSize(plan.plans().get(0).getSpot().getTargetCapacity());
        List<InstanceInfo> read = AwsStack.stack().cloud().capacity().describeInstances(MotoAccount.REGION, launched);
        assertThat(read).as("the shadow instances as moto's EC2 describes them").hasSize(launched.size())
                .allSatisfy(i -> {
                    assertThat(i.tags()).containsEntry(CapacityManager.OWNER_TAG, planId)
                            .containsEntry(ShadowCapacity.ROLE_TAG, ShadowCapacity.SHADOW_ROLE);
                    assertThat(i.isActive()).as("%s after the phase", i.instanceId()).isFalse();
                });
        // And the cloud-bridge published the shadow run's samples from CloudWatch, without a mismatch
        List<MetricSample> shadowSamples = AwsStack.events(Topics.WORKLOAD_METRICS, planId).stream()
                .filter(MetricSample::getShadow).toList();
        assertThat(shadowSamples).as("shadow samples; %s", story).isNotEmpty().allSatisfy(m -> {
            assertThat(m.getEnvelope().getProducer()).startsWith("cloud-bridge");
            assertThat(m.getDataInconsistencies()).isZero();
        });
        // And the shadow phase passed on compared jobs, its capacity went, and the plan shifted all the way
        List<Object> events = AwsStack.events(Topics.ROLLOUT_EVENTS, planId).stream().map(RolloutEvent::getPayload)
                .map(Object.class::cast).toList();
        ShadowRunCompleted shadow = events.stream().filter(ShadowRunCompleted.class::isInstance)
                .map(ShadowRunCompleted.class::cast).findFirst().orElseThrow(() -> new AssertionError(story));
        assertThat(shadow.getPassed()).as(story).isTrue();
        assertThat(shadow.getJobsCompared()).isPositive();
        assertThat(outcomes).filteredOn(o -> "RemoveShadowCapacity".equals(o.getAction())).singleElement()
                .satisfies(o -> assertThat(o.getShadowInstanceIds()).containsExactlyInAnyOrderElementsOf(launched));
        assertThat(liveShadowInstances(planId)).isEmpty();
        assertThat(events.subList(events.indexOf(shadow), events.size()))
                .filteredOn(RolloutStepStarted.class::isInstance).as("steps after the shadow run").isNotEmpty();
    }

    @Test
    void givenThePilotInShadowModeOnMotoWhenAJobsOutputDiffersThenItRollsBackOnADataInconsistencyNamingTheJobAndBothChecksums() {
        // Given a workload whose first shadow job's output on spot differs: counted in CloudWatch, named in the plan's
        // checkpoint bucket by the ShadowMismatchLog convention
        AwsStack.stack().useScenario(Scenario.SHADOW_MISMATCH);
        AwsStack.requireAllServices();
        ParsedPlans plan = pilotOnNewGroup("aws-shadow-mismatch-etl");
        // When seed 000's pilot is submitted
        String planId = AwsStack.submit(plan);
        MigrationStatus s = AwsStack.awaitFinal(planId);
        String story = AwsStack.story(planId);
        // Then it ends rolled back, never having shifted a step
        assertThat(s.getStage()).as("final stage; reasons %s; %s", s.getReasons(), story)
                .isEqualTo(MigrationStage.ROLLED_BACK);
        List<Object> events = AwsStack.events(Topics.ROLLOUT_EVENTS, planId).stream().map(RolloutEvent::getPayload)
                .map(Object.class::cast).toList();
        assertThat(events).noneMatch(RolloutStepStarted.class::isInstance);
        // And the workload's records in moto's S3 name the job that differed
        MigrationPlan p = plan.plans().get(0);
        List<ShadowMismatchLog.Mismatch> recorded = ShadowMismatchLog.read(AwsStack.stack().cloud().checkpoints(),
                URI.create(p.getCheckpoint().getLocation()), p.getWorkload().getAutoScalingGroupName(),
                java.time.Instant.EPOCH, java.time.Instant.now().plusSeconds(60));
        assertThat(recorded).as("mismatch records; %s", story).isNotEmpty();
        ShadowMismatchLog.Mismatch first = recorded.get(0);
        // And the cloud-bridge's shadow sample carried them as named output mismatches beside the count
        assertThat(AwsStack.events(Topics.WORKLOAD_METRICS, planId)).filteredOn(MetricSample::getShadow)
                .filteredOn(m -> m.getDataInconsistencies() > 0).first().satisfies(m -> {
                    assertThat(m.getEnvelope().getProducer()).startsWith("cloud-bridge");
                    assertThat(m.getOutputMismatches()).extracting(OutputMismatch::getJobId).contains(first.jobId());
                });
        // And the monitor's one rollback command is the data inconsistency naming the job and both checksums
        assertThat(AwsStack.events(Topics.ROLLBACK_COMMANDS, planId)).as(story).singleElement().satisfies(c -> {
            assertThat(c.getTrigger()).isEqualTo(RollbackTrigger.DATA_INCONSISTENCY);
            assertThat(c.getReason()).contains(first.jobId(), first.shadowChecksum(), first.servingChecksum());
        });
        // And the executor rolled back on it, not on its own end-of-run check
        assertThat(events).filteredOn(RolledBack.class::isInstance).map(RolledBack.class::cast).singleElement()
                .satisfies(r -> {
                    assertThat(r.getTrigger()).isEqualTo(RollbackTrigger.DATA_INCONSISTENCY);
                    assertThat(r.getReason()).contains(first.jobId(), first.shadowChecksum());
                });
        // And the shadow capacity went with the phase
        List<CloudOutcome> outcomes = AwsStack.events(Topics.CLOUD_OUTCOMES, planId);
        List<String> launched = outcomes.stream().filter(o -> "LaunchShadowCapacity".equals(o.getAction()))
                .flatMap(o -> o.getShadowInstanceIds().stream()).toList();
        assertThat(launched).as(story).isNotEmpty();
        assertThat(outcomes).filteredOn(o -> "RemoveShadowCapacity".equals(o.getAction())).singleElement()
                .satisfies(o -> assertThat(o.getShadowInstanceIds()).containsExactlyInAnyOrderElementsOf(launched));
        assertThat(liveShadowInstances(planId)).isEmpty();
    }

    private static boolean shiftStartedAfterTheShadowRun(String planId) {
        List<Object> events = AwsStack.events(Topics.ROLLOUT_EVENTS, planId).stream().map(RolloutEvent::getPayload)
                .map(Object.class::cast).toList();
        boolean shifted = events.stream().dropWhile(e -> !(e instanceof ShadowRunCompleted r && r.getPassed()))
                .anyMatch(RolloutStepStarted.class::isInstance);
        boolean removed = AwsStack.events(Topics.CLOUD_OUTCOMES, planId).stream()
                .anyMatch(o -> "RemoveShadowCapacity".equals(o.getAction()));
        MigrationStatus s = AwsStack.status(planId);
        if (s != null && s.getTerminal() && !shifted) {
            throw new AssertionError("plan ended " + s.getStage() + " before shifting: " + s.getReasons());
        }
        return shifted && removed;
    }
}
