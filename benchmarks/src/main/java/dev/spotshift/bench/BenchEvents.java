package dev.spotshift.bench;

import dev.spotshift.events.AllocationStrategy;
import dev.spotshift.events.ApprovalPolicy;
import dev.spotshift.events.ApprovalRule;
import dev.spotshift.events.Baseline;
import dev.spotshift.events.CheckpointConfig;
import dev.spotshift.events.DecisionBasis;
import dev.spotshift.events.DecisionOutcome;
import dev.spotshift.events.EventEnvelope;
import dev.spotshift.events.ExecutionMode;
import dev.spotshift.events.FallbackConfig;
import dev.spotshift.events.InterruptionKind;
import dev.spotshift.events.SpotInterruptionWarning;
import dev.spotshift.events.WorkloadCommand;
import dev.spotshift.events.WorkloadReport;
import dev.spotshift.events.MarketCriteria;
import dev.spotshift.events.MetricSample;
import dev.spotshift.events.MigrationDecision;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.RollbackCommand;
import dev.spotshift.events.RollbackLevel;
import dev.spotshift.events.RollbackTrigger;
import dev.spotshift.events.RolloutConfig;
import dev.spotshift.events.SpotConfig;
import dev.spotshift.events.SuccessCriteria;
import dev.spotshift.events.Thresholds;
import dev.spotshift.events.Workload;
import dev.spotshift.events.WorkloadKind;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The events other services would publish, built as they build them: an approved decision (what makes a plan
 * live for the monitor and starts the executor), the workload's samples, and the monitor's rollback command.
 */
public final class BenchEvents {

    public static final String REGION = "us-east-1";
    public static final List<String> TYPES = List.of("m5.large", "m5a.large", "m5n.large");
    static final long BASE_JOB_MILLIS = 1_000;

    private BenchEvents() {}

    public static EventEnvelope envelope(String planId, Instant at, String producer) {
        return EventEnvelope.newBuilder().setEventId(UUID.randomUUID().toString()).setPlanId(planId)
                .setOccurredAt(at).setProducer(producer).setCausationId(null).setTraceparent(null).build();
    }

    public static String group(String planId) {
        return "asg-" + planId;
    }

    /**
     * The demo's seconds-based thresholds (windows of 10 s, 15 s and 60 s), so a sample is judged against
     * windows of the size the demo and the tests use.
     */
    static Thresholds shortThresholds() {
        return Thresholds.newBuilder().setErrorRateWindowMillis(10_000).setMinJobsForErrorRate(20)
                .setDegradationWindowMillis(15_000).setCostWindowMillis(60_000).build();
    }

    /** 25/50/75/100, each step judged over {@code windowMillis}; declared baseline, so no baseline wait. */
    public static MigrationDecision approved(String planId, Instant at, long stepIntervalMillis, long windowMillis) {
        RolloutConfig rollout = RolloutConfig.newBuilder().setStepsPercent(List.of(25, 50, 75, 100))
                .setStepIntervalMillis(stepIntervalMillis).setValidationWindowMillis(windowMillis)
                .setBaselineWindowMillis(0).setValidationPeriodMillis(windowMillis).build();
        Workload workload = Workload.newBuilder().setName("nightly_etl_batch").setKind(WorkloadKind.BATCH_ETL)
                .setRegion(REGION).setAutoScalingGroupName(group(planId)).setCurrentInstanceType("m5.large")
                .setFallbackInstanceType("m5.large").setInterruptionTolerant(true).setStateless(true)
                .setRealTimeRequirement(false)
                .setBaseline(Baseline.newBuilder().setJobCompletionMillis(BASE_JOB_MILLIS).setErrorRatePercent(0)
                        .setCostPerJobMicros(100).setCpuUtilisationPercent(50).build())
                .build();
        MigrationPlan plan = MigrationPlan.newBuilder().setName("bench-" + planId).setMode(ExecutionMode.LIVE)
                .setWorkload(workload)
                .setSpot(SpotConfig.newBuilder().setInstanceTypes(TYPES)
                        .setAllocationStrategy(AllocationStrategy.CAPACITY_OPTIMIZED).setTargetCapacity(2).build())
                .setMarket(MarketCriteria.newBuilder().build()).setRollout(rollout)
                .setThresholds(shortThresholds())
                .setCheckpoint(CheckpointConfig.newBuilder().setLocation("s3://bench-checkpoints/" + planId + "/").build())
                .setFallback(FallbackConfig.newBuilder().build()).setSuccess(SuccessCriteria.newBuilder().build())
                .setApproval(ApprovalPolicy.newBuilder().setRule(ApprovalRule.UNANIMOUS).build()).build();
        return MigrationDecision.newBuilder().setEnvelope(envelope(planId, at, "coordinator-service/bench"))
                .setOutcome(DecisionOutcome.APPROVED).setRule(ApprovalRule.UNANIMOUS)
                .setDecidedBy(DecisionBasis.ALL_VOTES).setVotes(List.of()).setReasons(List.of()).setPlan(plan)
                .setInstanceTypes(TYPES).build();
    }

    /** One second of the workload at {@code spotPercent} spot, spot costing 30 % of on-demand. */
    public static MetricSample sample(String planId, Instant at, int completed, int failed, int spotPercent) {
        long onDemand = 100L * (completed + failed);
        long cost = onDemand - (long) (onDemand * 0.7 * spotPercent / 100);
        return MetricSample.newBuilder().setEnvelope(envelope(planId, at, "workload-simulator/bench"))
                .setInstanceId("i-" + Integer.toHexString(planId.hashCode())).setIntervalMillis(1_000)
                .setJobsCompleted(completed).setJobsFailed(failed).setMeanJobMillis(BASE_JOB_MILLIS)
                .setCpuUtilisationPercent(50).setCostMicros(cost).setOnDemandCostMicros(onDemand)
                .setSpotPercent(spotPercent).build();
    }

    public static MetricSample healthy(String planId, Instant at, int spotPercent) {
        return sample(planId, at, 10, 0, spotPercent);
    }

    /** A job failure: the monitor's immediate tier orders a FULL rollback on this one sample. */
    public static MetricSample breaching(String planId, Instant at, int spotPercent) {
        return sample(planId, at, 8, 2, spotPercent);
    }

    /** EC2's two-minute warning for an instance of the plan, as the EventBridge bridge sends it. */
    public static SpotInterruptionWarning warning(String planId, Instant at, String instanceId) {
        return SpotInterruptionWarning.newBuilder().setEnvelope(envelope(planId, at, "eventbridge-bridge/bench"))
                .setKind(InterruptionKind.INTERRUPTION_WARNING).setInstanceId(instanceId).setInstanceType("m5.large")
                .setAvailabilityZone("us-east-1a").setAction("terminate").setNoticeAt(at).setDeadline(at.plusSeconds(120))
                .build();
    }

    /** The workload agent's answer once the checkpoint is stored ({@code sha256} as the store recorded it). */
    public static WorkloadReport checkpointed(WorkloadCommand cmd, long size, String sha256) {
        return WorkloadReport.newBuilder().setEnvelope(envelope(cmd.getEnvelope().getPlanId(), Instant.now(),
                        "workload-agent/bench")).setCommandId(cmd.getCommandId()).setAction(cmd.getAction())
                .setInstanceId(cmd.getInstanceId()).setSucceeded(true).setLocation(cmd.getLocation())
                .setSizeBytes(size).setSha256(sha256).build();
    }

    public static RollbackCommand fullRollback(String planId, Instant at) {
        return RollbackCommand.newBuilder().setEnvelope(envelope(planId, at, "monitor-service/bench"))
                .setCommandId(planId + ":JOB_FAILURE:" + at.toEpochMilli()).setLevel(RollbackLevel.FULL)
                .setTrigger(RollbackTrigger.JOB_FAILURE).setWindowStart(at.minusSeconds(10)).setWindowEnd(at)
                .setMeasurements(List.of()).setBreachingSampleId(null).setReason("bench: job failure").build();
    }
}
