package dev.spotshift.monitor.streams;

import dev.spotshift.events.AllocationStrategy;
import dev.spotshift.events.ApprovalPolicy;
import dev.spotshift.events.ApprovalRule;
import dev.spotshift.events.Baseline;
import dev.spotshift.events.BaselineCaptured;
import dev.spotshift.events.CheckpointConfig;
import dev.spotshift.events.DecisionBasis;
import dev.spotshift.events.DecisionOutcome;
import dev.spotshift.events.EventEnvelope;
import dev.spotshift.events.ExecutionMode;
import dev.spotshift.events.FallbackConfig;
import dev.spotshift.events.MarketCriteria;
import dev.spotshift.events.MetricSample;
import dev.spotshift.events.MigrationDecision;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.MigrationPlanSubmitted;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.RolloutConfig;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.RolloutStepStarted;
import dev.spotshift.events.SpotConfig;
import dev.spotshift.events.SubmissionChannel;
import dev.spotshift.events.SuccessCriteria;
import dev.spotshift.events.Thresholds;
import dev.spotshift.events.Workload;
import dev.spotshift.events.WorkloadKind;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Typed builders for the events other services publish, as the monitor's tests need them. */
final class Events {

    static final long BASE_JOB_MILLIS = 1_000;

    private Events() {}

    static EventEnvelope envelope(String planId, long atMillis, String producer) {
        return EventEnvelope.newBuilder().setEventId(UUID.randomUUID().toString()).setPlanId(planId)
                .setOccurredAt(Instant.ofEpochMilli(atMillis)).setProducer(producer).setCausationId(null)
                .setTraceparent(null).build();
    }

    /** What the CLI sends for {@code spotshift retry|abort|pause ... PLAN}. */
    static dev.spotshift.events.OperatorCommand operator(String planId, long atMillis, dev.spotshift.events.OperatorAction action) {
        return dev.spotshift.events.OperatorCommand.newBuilder().setEnvelope(envelope(planId, atMillis, "spotshift-cli/test"))
                .setAction(action).setGateStepIndex(null).setOperator("ops").setReason("cause fixed").build();
    }

    /** Seed thresholds with windows in seconds, as the demo plans carry them. */
    static Thresholds shortThresholds() {
        return Thresholds.newBuilder().setErrorRateWindowMillis(10_000).setMinJobsForErrorRate(20)
                .setDegradationWindowMillis(15_000).setCostWindowMillis(60_000).build();
    }

    static MigrationPlan plan(Thresholds thresholds) {
        return MigrationPlan.newBuilder()
                .setName("nightly-etl-pilot").setMode(ExecutionMode.LIVE)
                .setWorkload(Workload.newBuilder().setName("nightly_etl_batch").setKind(WorkloadKind.BATCH_ETL)
                        .setRegion("us-east-1").setCurrentInstanceType("m5.large").setFallbackInstanceType("m5.large")
                        .setInterruptionTolerant(true).setStateless(true).setRealTimeRequirement(false)
                        .setBaseline(Baseline.newBuilder().setJobCompletionMillis(BASE_JOB_MILLIS).setErrorRatePercent(0)
                                .setCostPerJobMicros(100).setCpuUtilisationPercent(50).build())
                        .build())
                .setSpot(SpotConfig.newBuilder().setInstanceTypes(List.of("m5.large", "m5a.large"))
                        .setAllocationStrategy(AllocationStrategy.PRICE_CAPACITY_OPTIMIZED).setTargetCapacity(4).build())
                .setMarket(MarketCriteria.newBuilder().build())
                .setRollout(RolloutConfig.newBuilder().setStepsPercent(List.of(25, 50, 75, 100))
                        .setStepIntervalMillis(15_000).setValidationWindowMillis(10_000).build())
                .setThresholds(thresholds)
                .setCheckpoint(CheckpointConfig.newBuilder().build())
                .setFallback(FallbackConfig.newBuilder().build())
                .setSuccess(SuccessCriteria.newBuilder().build())
                .setApproval(ApprovalPolicy.newBuilder().setRule(ApprovalRule.UNANIMOUS).build())
                .build();
    }

    static MigrationPlanSubmitted submitted(String planId, long atMillis) {
        return MigrationPlanSubmitted.newBuilder().setEnvelope(envelope(planId, atMillis, "cli/0.1.0"))
                .setSubmittedBy("ops").setChannel(SubmissionChannel.CLI).setPlan(plan(shortThresholds())).build();
    }

    static MigrationDecision approved(String planId, long atMillis, Thresholds thresholds) {
        return MigrationDecision.newBuilder().setEnvelope(envelope(planId, atMillis, "coordinator-service/0.1.0"))
                .setOutcome(DecisionOutcome.APPROVED).setRule(ApprovalRule.UNANIMOUS).setDecidedBy(DecisionBasis.ALL_VOTES)
                .setVotes(List.of()).setReasons(List.of()).setPlan(plan(thresholds))
                .setInstanceTypes(List.of("m5.large")).build();
    }

    static RolloutEvent stepStarted(String planId, long atMillis, int stepIndex, int from, int to, long gateDueAtMillis) {
        return RolloutEvent.newBuilder().setEnvelope(envelope(planId, atMillis, "executor-service/0.1.0"))
                .setSpotPercent(to).setStage(MigrationStage.SHIFTING)
                .setPayload(RolloutStepStarted.newBuilder().setStepIndex(stepIndex).setStepCount(4)
                        .setFromSpotPercent(from).setToSpotPercent(to).setStepsHash("h")
                        .setGateDueAt(Instant.ofEpochMilli(gateDueAtMillis)).build())
                .build();
    }

    /** The executor's announcement after the last step: the criteria to judge over [atMillis, endsAtMillis]. */
    static RolloutEvent validationStarted(String planId, long atMillis, long endsAtMillis, double minSavingsPercent) {
        return RolloutEvent.newBuilder().setEnvelope(envelope(planId, atMillis, "executor-service/0.1.0"))
                .setSpotPercent(100).setStage(MigrationStage.VALIDATING)
                .setPayload(dev.spotshift.events.ValidationPeriodStarted.newBuilder()
                        .setEndsAt(Instant.ofEpochMilli(endsAtMillis))
                        .setCriteria(dev.spotshift.events.SuccessCriteria.newBuilder()
                                .setMinCostSavingsPercent(minSavingsPercent).build())
                        .build())
                .build();
    }

    /** The executor's announcement of the shadow run: its shadow criteria are judged over [atMillis, endsAtMillis]. */
    static RolloutEvent shadowRunStarted(String planId, long atMillis, long endsAtMillis) {
        return RolloutEvent.newBuilder(validationStarted(planId, atMillis, endsAtMillis, 50.0)).setSpotPercent(0)
                .setStage(MigrationStage.SHADOW).build();
    }

    /** One second of the shadow run: the serving jobs run again on spot, costing {@code costMicros}. */
    static MetricSample shadowSample(String planId, long atMillis, int completed, int failed, long meanJobMillis,
                                     long costMicros) {
        return MetricSample.newBuilder(sample(planId, atMillis, completed, failed, meanJobMillis, 100))
                .setCostMicros(costMicros).setShadow(true).build();
    }

    static RolloutEvent baselineCaptured(String planId, long atMillis, long jobMillis) {
        return RolloutEvent.newBuilder().setEnvelope(envelope(planId, atMillis, "executor-service/0.1.0"))
                .setSpotPercent(0).setStage(MigrationStage.BASELINE)
                .setPayload(BaselineCaptured.newBuilder()
                        .setBaseline(Baseline.newBuilder().setJobCompletionMillis(jobMillis).setErrorRatePercent(0)
                                .setCostPerJobMicros(100).setCpuUtilisationPercent(50).setMeasured(true).build())
                        .setWindowStart(Instant.ofEpochMilli(atMillis - 5_000)).setWindowEnd(Instant.ofEpochMilli(atMillis))
                        .build())
                .build();
    }

    /** One second of a workload at {@code spotPercent} spot, spot costing 30 % of on-demand. */
    static MetricSample sample(String planId, long atMillis, int completed, int failed, long meanJobMillis, int spotPercent) {
        long onDemand = 100L * (completed + failed);
        long cost = onDemand - (long) (onDemand * 0.7 * spotPercent / 100);
        return MetricSample.newBuilder().setEnvelope(envelope(planId, atMillis, "workload-simulator/0.1.0"))
                .setInstanceId("i-1").setIntervalMillis(1_000).setJobsCompleted(completed).setJobsFailed(failed)
                .setMeanJobMillis(meanJobMillis).setCpuUtilisationPercent(50).setCostMicros(cost)
                .setOnDemandCostMicros(onDemand).setSpotPercent(spotPercent).build();
    }

    static MetricSample healthy(String planId, long atMillis, int spotPercent) {
        return sample(planId, atMillis, 10, 0, BASE_JOB_MILLIS, spotPercent);
    }
}
