package dev.spotshift.coordinator.domain;

import dev.spotshift.events.AllocationStrategy;
import dev.spotshift.events.ApprovalPolicy;
import dev.spotshift.events.ApprovalRule;
import dev.spotshift.events.AssessmentEvent;
import dev.spotshift.events.Baseline;
import dev.spotshift.events.CandidateScore;
import dev.spotshift.events.CheckpointConfig;
import dev.spotshift.events.DeadlineOutcome;
import dev.spotshift.events.ExecutionMode;
import dev.spotshift.events.FallbackConfig;
import dev.spotshift.events.InterruptionBand;
import dev.spotshift.events.MarketCriteria;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.OpportunityAssessed;
import dev.spotshift.events.RiskLevel;
import dev.spotshift.events.RolloutConfig;
import dev.spotshift.events.SpotConfig;
import dev.spotshift.events.SuccessCriteria;
import dev.spotshift.events.Thresholds;
import dev.spotshift.events.Workload;
import dev.spotshift.events.WorkloadKind;
import dev.spotshift.schemas.Envelopes;
import java.time.Clock;
import java.util.List;

/** The pilot of seeds 000/001 (nightly ETL on m5.large, candidates m5/m5a/m5n.large) as builders tests can bend. */
public final class SeedPlans {

    private SeedPlans() {}

    public static MigrationPlan.Builder pilotPlan() {
        return MigrationPlan.newBuilder()
                .setName("nightly_etl_batch")
                .setMode(ExecutionMode.LIVE)
                .setWorkload(Workload.newBuilder()
                        .setName("nightly_etl_batch").setKind(WorkloadKind.BATCH_ETL)
                        .setRegion("us-east-1").setAzPreference(List.of("us-east-1a", "us-east-1b", "us-east-1c"))
                        .setBackupRegion("us-east-2").setBackupAzPreference(List.of("us-east-2a", "us-east-2b"))
                        .setAutoScalingGroupName("etl-asg")
                        .setCurrentInstanceType("m5.large").setFallbackInstanceType("m5.large")
                        .setInterruptionTolerant(true).setStateless(false).setRealTimeRequirement(false)
                        .setBaseline(measuredBaseline().build())
                        .build())
                .setSpot(SpotConfig.newBuilder()
                        .setInstanceTypes(List.of("m5.large", "m5a.large", "m5n.large"))
                        .setAllocationStrategy(AllocationStrategy.PRICE_CAPACITY_OPTIMIZED)
                        .setMaxPriceFractionOfOnDemand(0.7)
                        .setTargetCapacity(1).setMinCapacity(1).setMaxCapacity(2)
                        .build())
                .setMarket(MarketCriteria.newBuilder().build())
                .setRollout(RolloutConfig.newBuilder()
                        .setStepsPercent(List.of(25, 50, 75, 100))
                        .setStepIntervalMillis(15_000).setValidationWindowMillis(10_000)
                        .build())
                .setThresholds(Thresholds.newBuilder().build())
                .setCheckpoint(CheckpointConfig.newBuilder()
                        .setIntervalMillis(300_000).setLocation("s3://backup-bucket/spot-state/")
                        .setGracefulShutdownMillis(90_000)
                        .build())
                .setFallback(FallbackConfig.newBuilder()
                        .setOnDemandCapacityReserved(true).setCapacityReservationId("cr-0123456789")
                        .build())
                .setSuccess(SuccessCriteria.newBuilder().build())
                .setApproval(policy(ApprovalRule.UNANIMOUS).build());
    }

    public static Baseline.Builder measuredBaseline() {
        return Baseline.newBuilder().setJobCompletionMillis(1_800_000).setErrorRatePercent(0.0)
                .setCostPerJobMicros(48_000).setCpuUtilisationPercent(55.0).setJobsPerHour(2.0)
                .setSamples(120).setMeasured(true);
    }

    public static ApprovalPolicy.Builder policy(ApprovalRule rule) {
        return ApprovalPolicy.newBuilder().setRule(rule).setQuorum(2).setMinConfidence(0.6)
                .setDeadlineMillis(60_000).setOnDeadline(DeadlineOutcome.REJECT);
    }

    public static CandidateScore.Builder candidate(String type, int placementScore, int pools, String... azs) {
        return CandidateScore.newBuilder()
                .setInstanceType(type).setAvailabilityZones(List.of(azs))
                .setSpotPriceMicros(29_000).setOnDemandPriceMicros(96_000)
                .setPriceVariationPercent(8.0).setInterruptionBand(InterruptionBand.UNDER_5)
                .setInterruptionRatePercent(5.0).setSavingsPercent(70.0)
                .setPlacementScore(placementScore).setPoolCount(pools).setRisk(RiskLevel.LOW)
                .setScore(80.0).setEligible(true).setReasons(List.of());
    }

    public static OpportunityAssessed assessed(MigrationPlan plan) {
        return assessed(plan, List.of(
                candidate("m5.large", 8, 3, "us-east-1a", "us-east-1b", "us-east-1c").build(),
                candidate("m5a.large", 7, 3, "us-east-1a", "us-east-1b").build(),
                candidate("m5n.large", 6, 2, "us-east-1b", "us-east-1c").build()));
    }

    public static OpportunityAssessed assessed(MigrationPlan plan, List<CandidateScore> candidates) {
        return OpportunityAssessed.newBuilder()
                .setPlan(plan).setCandidates(candidates)
                .setRecommendedInstanceTypes(candidates.stream().map(CandidateScore::getInstanceType).toList())
                .setExpectedSavingsPercent(70.0).setExpectedMonthlySavingsMicros(48_000_000)
                .setMarketSource("simulated:42")
                .build();
    }

    /** The event the analyzer would publish for {@code plan}. */
    public static AssessmentEvent assessmentEvent(String planId, MigrationPlan plan, Clock clock) {
        return AssessmentEvent.newBuilder()
                .setEnvelope(Envelopes.next(planId, "analyzer-service/0.1.0", "submission-" + planId, clock))
                .setPayload(assessed(plan))
                .build();
    }
}
