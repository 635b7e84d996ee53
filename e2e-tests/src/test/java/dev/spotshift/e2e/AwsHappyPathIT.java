package dev.spotshift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.cloud.GroupState;
import dev.spotshift.events.GateResult;
import dev.spotshift.events.GateVerdict;
import dev.spotshift.events.MetricSample;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.RolloutStepCompleted;
import dev.spotshift.schemas.Topics;
import dev.spotshift.simulator.domain.Scenario;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The happy path on the AWS implementation against moto. moto gives Auto Scaling instances no spot lifecycle, so the
 * group's own settings, read back, are what says it runs on spot (as the actuator's read-back does).
 */
class AwsHappyPathIT {

    @Test
    void shiftsAnAutoScalingGroupInMotoToFullSpotThroughEveryGate() {
        // Given the whole system on the AWS implementation, and a group in moto all on on-demand
        AwsStack.stack().useScenario(Scenario.HAPPY);
        AwsStack.requireAllServices();
        String groupName = "aws-happy-etl";
        var plan = AwsStack.planOnNewGroup(groupName);
        GroupState before = AwsStack.group(groupName);
        assertThat(before.onDemandPercentAboveBase()).isEqualTo(100);
        // When the demo plan for that group is submitted
        String planId = AwsStack.submit(plan);
        // Then it completes at 100 % spot after every step's gate
        MigrationStatus s = AwsStack.awaitFinal(planId);
        String gates = AwsStack.gates(planId);
        System.out.println("AwsHappyPathIT gates: " + gates);
        assertThat(s.getStage()).as("final stage; reasons %s; gates %s", s.getReasons(), gates)
                .isEqualTo(MigrationStage.COMPLETED);
        assertThat(s.getSpotPercent()).isEqualTo(100);
        assertThat(s.getRollbacks()).isZero();
        List<Integer> completedSteps = AwsStack.events(Topics.ROLLOUT_EVENTS, planId).stream()
                .map(RolloutEvent::getPayload).filter(RolloutStepCompleted.class::isInstance)
                .map(p -> ((RolloutStepCompleted) p).getSpotPercent()).toList();
        assertThat(completedSteps).containsExactly(25, 50, 75, 100);
        // And each step passed a gate that judged cost per job against the baseline (no step went through blind)
        List<GateVerdict> verdicts = AwsStack.events(Topics.GATE_VERDICTS, planId);
        assertThat(verdicts).as("gates: %s", gates).hasSizeGreaterThanOrEqualTo(4);
        assertThat(verdicts.stream().filter(v -> v.getResult() == GateResult.PASS).map(GateVerdict::getStepIndex)
                .distinct().toList()).as("steps whose gate passed; gates: %s", gates).containsExactly(0, 1, 2, 3);
        assertThat(verdicts).filteredOn(v -> v.getResult() == GateResult.PASS).allSatisfy(v ->
                assertThat(v.getMeasurements()).as("step %d's checks", v.getStepIndex())
                        .anySatisfy(m -> assertThat(m.getMetric()).isEqualTo("cost_per_job_micros")));
        // And the plan saved money on the CloudWatch figures: cheaper than on-demand, per job too
        assertThat(s.getSavingsMicros()).isPositive();
        assertThat(s.getAccounting()).as("cost account").isNotNull();
        assertThat(s.getAccounting().getCostMicros()).isLessThan(s.getAccounting().getOnDemandCostMicros());
        if (s.getAccounting().getCostPerJobPercentOfBaseline() != null) {
            assertThat(s.getAccounting().getCostPerJobPercentOfBaseline()).isLessThan(100.0);
        }
        // And the metrics the gates judged came from CloudWatch through the cloud-bridge
        List<MetricSample> samples = AwsStack.events(Topics.WORKLOAD_METRICS, planId);
        assertThat(samples).isNotEmpty();
        assertThat(samples).allSatisfy(m -> assertThat(m.getEnvelope().getProducer()).startsWith("cloud-bridge"));
        // And moto's group reads back with no on-demand above its base, the plan's types, still at its size
        GroupState after = AwsStack.group(groupName);
        assertThat(after.onDemandPercentAboveBase()).isZero();
        assertThat(after.onDemandBase()).isZero();
        assertThat(after.instanceTypes()).containsExactlyInAnyOrderElementsOf(before.instanceTypes());
        assertThat(after.desired()).isEqualTo(before.desired());
        // And the plan replays clean from the log
        AwsStack.assertAuditClean(planId);
    }
}
