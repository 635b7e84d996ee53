package dev.spotshift.executor.streams;

import dev.spotshift.events.AllocationStrategy;
import dev.spotshift.events.ApprovalPolicy;
import dev.spotshift.events.ApprovalRule;
import dev.spotshift.events.CheckpointConfig;
import dev.spotshift.events.DecisionBasis;
import dev.spotshift.events.DecisionOutcome;
import dev.spotshift.events.EventEnvelope;
import dev.spotshift.events.ExecutionMode;
import dev.spotshift.events.FallbackConfig;
import dev.spotshift.events.GateResult;
import dev.spotshift.events.GateVerdict;
import dev.spotshift.events.KillSwitch;
import dev.spotshift.events.MarketCriteria;
import dev.spotshift.events.MetricSample;
import dev.spotshift.events.MigrationDecision;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.OperatorAction;
import dev.spotshift.events.OperatorCommand;
import dev.spotshift.events.RollbackCommand;
import dev.spotshift.events.RollbackLevel;
import dev.spotshift.events.RollbackTrigger;
import dev.spotshift.events.RolloutConfig;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.SpotConfig;
import dev.spotshift.events.SuccessCriteria;
import dev.spotshift.events.Thresholds;
import dev.spotshift.events.Workload;
import dev.spotshift.events.WorkloadKind;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The events other services send the executor, built the way they would (seconds-based plans). */
public final class ContractEvents {

    public static final String REGION = "us-east-1";
    public static final String GROUP = "etl-asg";
    public static final List<String> TYPES = List.of("m5.large", "m5a.large", "m5n.large");

    private ContractEvents() {}

    public static EventEnvelope envelope(String planId, Instant at, String producer) {
        return EventEnvelope.newBuilder().setEventId(UUID.randomUUID().toString()).setPlanId(planId)
                .setOccurredAt(at).setProducer(producer).setCausationId(null).setTraceparent(null).build();
    }

    /** 25/50/75/100 every {@code intervalMs}, judged over {@code windowMs}, with a declared baseline. */
    public static MigrationDecision approved(String planId, Instant at, long intervalMs, long windowMs,
                                             long baselineMs, long validationMs, String checkpointLocation) {
        RolloutConfig rollout = RolloutConfig.newBuilder().setStepsPercent(List.of(25, 50, 75, 100))
                .setStepIntervalMillis(intervalMs).setValidationWindowMillis(windowMs)
                .setBaselineWindowMillis(baselineMs).setValidationPeriodMillis(validationMs).build();
        Workload workload = Workload.newBuilder().setName("nightly_etl_batch").setKind(WorkloadKind.BATCH_ETL)
                .setRegion(REGION).setAutoScalingGroupName(GROUP).setCurrentInstanceType("m5.large")
                .setFallbackInstanceType("m5.large").setInterruptionTolerant(true).setStateless(true)
                .setRealTimeRequirement(false)
                .setBaseline(dev.spotshift.events.Baseline.newBuilder().setJobCompletionMillis(600_000)
                        .setErrorRatePercent(0.0).setCostPerJobMicros(40_000).setCpuUtilisationPercent(55.0).build())
                .build();
        MigrationPlan plan = MigrationPlan.newBuilder().setName("pilot").setMode(ExecutionMode.LIVE)
                .setWorkload(workload)
                .setSpot(SpotConfig.newBuilder().setInstanceTypes(TYPES)
                        .setAllocationStrategy(AllocationStrategy.CAPACITY_OPTIMIZED).setTargetCapacity(1).build())
                .setMarket(MarketCriteria.newBuilder().build()).setRollout(rollout)
                .setThresholds(Thresholds.newBuilder().build())
                .setCheckpoint(CheckpointConfig.newBuilder().setLocation(checkpointLocation).build())
                .setFallback(FallbackConfig.newBuilder().build()).setSuccess(SuccessCriteria.newBuilder().build())
                .setApproval(ApprovalPolicy.newBuilder().setRule(ApprovalRule.UNANIMOUS).build()).build();
        return MigrationDecision.newBuilder().setEnvelope(envelope(planId, at, "coordinator-service/test"))
                .setOutcome(DecisionOutcome.APPROVED).setRule(ApprovalRule.UNANIMOUS)
                .setDecidedBy(DecisionBasis.ALL_VOTES).setVotes(List.of()).setReasons(List.of()).setPlan(plan)
                .setInstanceTypes(TYPES).build();
    }

    public static MetricSample metric(String planId, Instant at) {
        return MetricSample.newBuilder().setEnvelope(envelope(planId, at, "workload-simulator/test"))
                .setIntervalMillis(1_000).setJobsCompleted(5).setJobsFailed(0).setMeanJobMillis(500_000)
                .setCpuUtilisationPercent(50.0).setCostMicros(100_000).setOnDemandCostMicros(300_000)
                .setSpotPercent(0).build();
    }

    public static GateVerdict verdict(String planId, Instant at, int step, GateResult result) {
        return GateVerdict.newBuilder().setEnvelope(envelope(planId, at, "monitor-service/test")).setStepIndex(step)
                .setResult(result).setConfidence(0.9).setMeasurements(List.of()).setReasons(List.of())
                .setWindowStart(at.minusSeconds(1)).setWindowEnd(at).setSamples(10).build();
    }

    /** The monitor's verdict on the plan's success criteria at the end of its validation period. */
    public static GateVerdict criteriaVerdict(String planId, Instant at, GateResult result) {
        return GateVerdict.newBuilder(verdict(planId, at, -1, result))
                .setEnvelope(envelope(planId, at, "monitor-service/test"))
                .setScope(dev.spotshift.events.GateScope.VALIDATION_PERIOD).build();
    }

    public static RollbackCommand rollback(String planId, Instant at, String commandId, RollbackLevel level,
                                           RollbackTrigger trigger) {
        return RollbackCommand.newBuilder().setEnvelope(envelope(planId, at, "monitor-service/test"))
                .setCommandId(commandId).setLevel(level).setTrigger(trigger).setWindowStart(at.minusSeconds(60))
                .setWindowEnd(at).setMeasurements(List.of()).setReason(trigger + " breached").build();
    }

    public static OperatorCommand operator(String planId, Instant at, OperatorAction action) {
        return OperatorCommand.newBuilder().setEnvelope(envelope(planId, at, "cli/test")).setAction(action)
                .setOperator("alice").setReason("test").build();
    }

    public static KillSwitch killSwitch(Instant at, boolean engaged) {
        return KillSwitch.newBuilder().setEnvelope(envelope("*", at, "cli/test")).setEngaged(engaged)
                .setOperator("ops").setReason("incident").build();
    }

    /** The payloads of one kind among a plan's rollout events, in the order they were written. */
    public static <T> List<T> payloads(List<RolloutEvent> events, Class<T> type) {
        return events.stream().map(RolloutEvent::getPayload).filter(type::isInstance).map(type::cast).toList();
    }
}
