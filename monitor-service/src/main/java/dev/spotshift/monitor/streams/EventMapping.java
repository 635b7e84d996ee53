package dev.spotshift.monitor.streams;

import dev.spotshift.events.Baseline;
import dev.spotshift.events.Comparator;
import dev.spotshift.events.EventEnvelope;
import dev.spotshift.events.GateResult;
import dev.spotshift.events.GateScope;
import dev.spotshift.events.GateVerdict;
import dev.spotshift.events.Measurement;
import dev.spotshift.events.MetricSample;
import dev.spotshift.events.Reason;
import dev.spotshift.events.ReviewMetric;
import dev.spotshift.events.ReviewRule;
import dev.spotshift.events.ReviewSignal;
import dev.spotshift.events.ReviewState;
import dev.spotshift.events.RollbackCommand;
import dev.spotshift.events.RollbackLevel;
import dev.spotshift.events.RollbackTrigger;
import dev.spotshift.events.SuccessCriteria;
import dev.spotshift.events.Thresholds;
import dev.spotshift.monitor.domain.BaselineFigures;
import dev.spotshift.monitor.domain.Breach;
import dev.spotshift.monitor.domain.Check;
import dev.spotshift.monitor.domain.GateJudgement;
import dev.spotshift.monitor.domain.Limits;
import dev.spotshift.monitor.domain.Note;
import dev.spotshift.monitor.domain.PeriodCriteria;
import dev.spotshift.monitor.domain.Review;
import dev.spotshift.monitor.domain.ReviewRules;
import dev.spotshift.monitor.domain.Sample;
import java.time.Instant;
import java.util.List;

/** Between the event contract and the domain's own records, both ways. */
final class EventMapping {

    private EventMapping() {}

    static Limits limits(Thresholds t) {
        return new Limits(t.getErrorRatePercent(), t.getErrorRateWindowMillis(), t.getMinJobsForErrorRate(),
                t.getRollbackOnJobFailure(), t.getRollbackOnDataInconsistency(), t.getDegradationPercent(),
                t.getDegradationWindowMillis(), t.getMinCostEfficiencyPercent(), t.getCostWindowMillis(),
                t.getGateProcessingTimeIncreasePercent(), t.getGateMaxErrorRatePercent(), t.getMaxCpuUtilisationPercent());
    }

    /** The plan's review rules; one of an unknown metric (a newer writer's) is left out rather than guessed. */
    static List<Review> reviews(List<ReviewRule> rules) {
        return rules.stream().filter(r -> r.getMetric() != ReviewMetric.UNKNOWN_REVIEW_METRIC)
                .map(r -> new Review(r.getAction(), Review.Metric.valueOf(r.getMetric().name()), r.getAtMost(),
                        r.getAtLeast(), r.getWindowMillis()))
                .toList();
    }

    static ReviewSignal reviewSignal(ReviewRules.Signal s, EventEnvelope envelope) {
        return ReviewSignal.newBuilder()
                .setEnvelope(envelope)
                .setAction(s.rule().action())
                .setMetric(ReviewMetric.valueOf(s.rule().metric().name()))
                .setState(s.raised() ? ReviewState.RAISED : ReviewState.CLEARED)
                .setMeasurement(measurements(List.of(s.check())).get(0))
                .setWindowStart(Instant.ofEpochMilli(s.windowStartMillis()))
                .setWindowEnd(Instant.ofEpochMilli(s.windowEndMillis()))
                .setSamples(s.samples())
                .setSampleId(s.sampleId())
                .setReason(s.reason())
                .build();
    }

    static dev.spotshift.monitor.domain.Budget budget(dev.spotshift.events.SpendCap cap) {
        return cap == null ? null : new dev.spotshift.monitor.domain.Budget(cap.getMaxPerHourMicros(), cap.getMaxTotalMicros(),
                cap.getWarnPercent(), null);
    }

    static BaselineFigures baseline(Baseline b, boolean measured) {
        return b == null ? null : new BaselineFigures(b.getJobCompletionMillis(), b.getErrorRatePercent(),
                b.getCostPerJobMicros(), b.getCpuUtilisationPercent(), measured);
    }

    static Sample sample(MetricSample m) {
        return new Sample(m.getEnvelope().getEventId(), m.getEnvelope().getOccurredAt().toEpochMilli(), m.getIntervalMillis(),
                m.getJobsCompleted(), m.getJobsFailed(), m.getMeanJobMillis(), m.getCpuUtilisationPercent(),
                m.getCostMicros(), m.getOnDemandCostMicros(), m.getSpotPercent(), m.getDataInconsistencies());
    }

    static List<dev.spotshift.monitor.domain.ShadowRules.Mismatch> mismatches(MetricSample m) {
        return m.getOutputMismatches().stream().map(x -> new dev.spotshift.monitor.domain.ShadowRules.Mismatch(
                x.getJobId(), x.getSpotChecksum(), x.getOnDemandChecksum())).toList();
    }

    static RollbackCommand rollbackCommand(String planId, Breach b, EventEnvelope envelope) {
        return RollbackCommand.newBuilder()
                .setEnvelope(envelope)
                .setCommandId(b.commandId(planId))
                .setLevel(RollbackLevel.valueOf(b.level().name()))
                .setTrigger(RollbackTrigger.valueOf(b.trigger().name()))
                .setWindowStart(Instant.ofEpochMilli(b.windowStartMillis()))
                .setWindowEnd(Instant.ofEpochMilli(b.windowEndMillis()))
                .setMeasurements(measurements(b.checks()))
                .setBreachingSampleId(b.breachingSampleId())
                .setReason(b.reason())
                .build();
    }

    static GateVerdict gateVerdict(GateJudgement j, EventEnvelope envelope) {
        return gateVerdict(j, GateScope.STEP, envelope);
    }

    static GateVerdict gateVerdict(GateJudgement j, GateScope scope, EventEnvelope envelope) {
        return GateVerdict.newBuilder()
                .setEnvelope(envelope)
                .setScope(scope)
                .setStepIndex(j.stepIndex())
                .setResult(GateResult.valueOf(j.result().name()))
                .setConfidence(j.confidence())
                .setMeasurements(measurements(j.checks()))
                .setReasons(j.notes().stream().map(EventMapping::reason).toList())
                .setWindowStart(Instant.ofEpochMilli(j.windowStartMillis()))
                .setWindowEnd(Instant.ofEpochMilli(j.windowEndMillis()))
                .setSamples(j.samples())
                .build();
    }

    static PeriodCriteria criteria(SuccessCriteria c) {
        return new PeriodCriteria(c.getMinJobCompletionRatePercent(), c.getMaxProcessingTimeIncreasePercent(),
                c.getMinCostSavingsPercent());
    }

    private static List<Measurement> measurements(List<Check> checks) {
        return checks.stream().map(c -> Measurement.newBuilder()
                .setMetric(c.metric())
                .setObserved(c.observed())
                .setThreshold(c.threshold())
                .setComparator(Comparator.valueOf(c.comparison().name()))
                .setBaseline(c.baseline())
                .setPassed(c.passed())
                .build()).toList();
    }

    private static Reason reason(Note n) {
        return Reason.newBuilder().setCode(n.code()).setMessage(n.message()).setLocation(null).build();
    }
}
