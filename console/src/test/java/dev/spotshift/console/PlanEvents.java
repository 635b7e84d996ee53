package dev.spotshift.console;

import dev.spotshift.events.Comparator;
import dev.spotshift.events.EventEnvelope;
import dev.spotshift.events.GateResult;
import dev.spotshift.events.GateVerdict;
import dev.spotshift.events.Measurement;
import dev.spotshift.events.MetricSample;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.MigrationPlanSubmitted;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.Reason;
import dev.spotshift.events.RollbackCommand;
import dev.spotshift.events.RollbackLevel;
import dev.spotshift.events.RollbackTrigger;
import dev.spotshift.events.RolledBack;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.SubmissionChannel;
import dev.spotshift.infra.SpotshiftHome;
import dev.spotshift.schemas.plan.PlanParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The events one plan's migration writes, as the services write them, for the console's tests. */
public final class PlanEvents {

    public static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    private final String planId;

    public PlanEvents(String planId) {
        this.planId = planId;
    }

    public String planId() {
        return planId;
    }

    /** The demo's plan, as `spotshift plan submit examples/demo/demo-nightly-etl.yaml` sends it. */
    public static MigrationPlan demoPlan() {
        try {
            String yaml = Files.readString(SpotshiftHome.locate().resolve("examples/demo/demo-nightly-etl.yaml"));
            return PlanParser.parse(yaml).plans().get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public EventEnvelope envelope(Instant at) {
        return EventEnvelope.newBuilder().setEventId(UUID.randomUUID().toString()).setPlanId(planId)
                .setOccurredAt(at).setProducer("test/0").setCausationId(null).setTraceparent(null).build();
    }

    public MigrationPlanSubmitted submitted(Instant at) {
        return MigrationPlanSubmitted.newBuilder().setEnvelope(envelope(at)).setSubmittedBy("test")
                .setChannel(SubmissionChannel.CLI).setPlan(demoPlan()).build();
    }

    public MigrationStatus status(MigrationStage stage, int spot, int stepIndex, Instant at, Reason... reasons) {
        boolean terminal = stage == MigrationStage.COMPLETED || stage == MigrationStage.ROLLED_BACK
                || stage == MigrationStage.ABORTED || stage == MigrationStage.FAILED || stage == MigrationStage.REJECTED;
        return MigrationStatus.newBuilder().setPlanId(planId).setPlanName("demo-nightly-etl")
                .setWorkloadName("nightly_etl_batch").setStage(stage).setTerminal(terminal).setSpotPercent(spot)
                .setStepIndex(stepIndex).setStepsPercent(List.of(25, 50, 75, 100)).setSavingsMicros(spot * 10L)
                .setSavingsPercent(spot / 4.0).setReasons(List.of(reasons)).setUpdatedAt(at)
                .setLastEventId(UUID.randomUUID().toString()).build();
    }

    public GateVerdict verdict(int stepIndex, GateResult result, Instant at, Measurement... ms) {
        return GateVerdict.newBuilder().setEnvelope(envelope(at)).setStepIndex(stepIndex).setResult(result)
                .setConfidence(0.9).setMeasurements(List.of(ms)).setReasons(List.of()).setWindowStart(at.minusSeconds(8))
                .setWindowEnd(at).setSamples(8).build();
    }

    public static Measurement errorRate(double observed, double threshold) {
        return Measurement.newBuilder().setMetric("error_rate_percent").setObserved(observed).setThreshold(threshold)
                .setComparator(Comparator.LESS_OR_EQUAL).setBaseline(0.0).setPassed(observed <= threshold).build();
    }

    public RollbackCommand rollbackCommand(String commandId, Instant at, Measurement... evidence) {
        return RollbackCommand.newBuilder().setEnvelope(envelope(at)).setCommandId(commandId)
                .setLevel(RollbackLevel.FULL).setTrigger(RollbackTrigger.ERROR_RATE).setWindowStart(at.minusSeconds(5))
                .setWindowEnd(at).setMeasurements(List.of(evidence)).setReason("error rate above its limit").build();
    }

    public RolloutEvent rolledBack(String commandId, int from, Instant at) {
        RolledBack r = RolledBack.newBuilder().setLevel(RollbackLevel.FULL).setTrigger(RollbackTrigger.ERROR_RATE)
                .setFromSpotPercent(from).setToSpotPercent(0).setCommandId(commandId)
                .setReason("error rate above its limit").setOnDemandRequestedAt(at).build();
        return RolloutEvent.newBuilder().setEnvelope(envelope(at)).setSpotPercent(0)
                .setStage(MigrationStage.ROLLING_BACK).setPayload(r).build();
    }

    public MetricSample sample(Instant at, int spot, int completed, int failed) {
        return MetricSample.newBuilder().setEnvelope(envelope(at)).setIntervalMillis(1000).setJobsCompleted(completed)
                .setJobsFailed(failed).setMeanJobMillis(55_000).setCpuUtilisationPercent(40).setCostMicros(100)
                .setOnDemandCostMicros(160).setSpotPercent(spot).build();
    }
}
