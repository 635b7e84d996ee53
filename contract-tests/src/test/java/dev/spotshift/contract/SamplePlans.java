package dev.spotshift.contract;

import dev.spotshift.events.AllocationStrategy;
import dev.spotshift.events.ApprovalPolicy;
import dev.spotshift.events.ApprovalRule;
import dev.spotshift.events.CheckpointConfig;
import dev.spotshift.events.ExecutionMode;
import dev.spotshift.events.FallbackConfig;
import dev.spotshift.events.MarketCriteria;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.MigrationPlanSubmitted;
import dev.spotshift.events.RolloutConfig;
import dev.spotshift.events.SpotConfig;
import dev.spotshift.events.SubmissionChannel;
import dev.spotshift.events.SuccessCriteria;
import dev.spotshift.events.Thresholds;
import dev.spotshift.events.Workload;
import dev.spotshift.events.WorkloadKind;
import dev.spotshift.schemas.Envelopes;
import java.time.Clock;
import java.util.List;

/** The seed's nightly ETL pilot as an event, built field by field so the test owns every value. */
final class SamplePlans {

    private SamplePlans() {}

    static MigrationPlanSubmitted nightlyEtl(String planId) {
        MigrationPlan plan = MigrationPlan.newBuilder()
                .setName("nightly-etl-pilot")
                .setDescription("Seed 000 pilot: nightly ETL batch to spot")
                .setMode(ExecutionMode.LIVE)
                .setWorkload(Workload.newBuilder()
                        .setName("nightly_etl_batch").setKind(WorkloadKind.BATCH_ETL)
                        .setRegion("us-east-1").setAzPreference(List.of("us-east-1a", "us-east-1b", "us-east-1c"))
                        .setBackupRegion("us-east-2").setBackupAzPreference(List.of("us-east-2a", "us-east-2b"))
                        .setAutoScalingGroupName("etl-batch-asg")
                        .setCurrentInstanceType("m5.large").setFallbackInstanceType("m5.large")
                        .setInterruptionTolerant(true).setStateless(true).setRealTimeRequirement(false)
                        .build())
                .setSpot(SpotConfig.newBuilder()
                        .setInstanceTypes(List.of("m5.large", "m5a.large", "m5n.large"))
                        .setAllocationStrategy(AllocationStrategy.PRICE_CAPACITY_OPTIMIZED)
                        .setMaxPriceFractionOfOnDemand(0.7).setTargetCapacity(1).setMinCapacity(1).setMaxCapacity(2)
                        .build())
                .setMarket(MarketCriteria.newBuilder().build())
                .setRollout(RolloutConfig.newBuilder()
                        .setStepsPercent(List.of(25, 50, 75, 100))
                        .setStepIntervalMillis(900_000).setValidationWindowMillis(600_000).build())
                .setThresholds(Thresholds.newBuilder().build())
                .setCheckpoint(CheckpointConfig.newBuilder().setLocation("s3://backup-bucket/spot-state/").build())
                .setFallback(FallbackConfig.newBuilder().setOnDemandCapacityReserved(true).build())
                .setSuccess(SuccessCriteria.newBuilder().build())
                .setApproval(ApprovalPolicy.newBuilder().setRule(ApprovalRule.UNANIMOUS).build())
                .build();
        return MigrationPlanSubmitted.newBuilder()
                .setEnvelope(Envelopes.next(planId, "contract-tests/0.1.0", null, Clock.systemUTC()))
                .setSubmittedBy("contract-test")
                .setChannel(SubmissionChannel.CLI)
                .setPlan(plan)
                .build();
    }
}
