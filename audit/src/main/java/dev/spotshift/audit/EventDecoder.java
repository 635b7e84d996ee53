package dev.spotshift.audit;

import dev.spotshift.events.AgentVote;
import dev.spotshift.events.AssessmentEvent;
import dev.spotshift.events.DecisionOutcome;
import dev.spotshift.events.EventEnvelope;
import dev.spotshift.events.GateVerdict;
import dev.spotshift.events.KillSwitch;
import dev.spotshift.events.Measurement;
import dev.spotshift.events.MetricSample;
import dev.spotshift.events.MigrationDecision;
import dev.spotshift.events.MigrationPlanSubmitted;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.OperatorCommand;
import dev.spotshift.events.OpportunityAssessed;
import dev.spotshift.events.PlanRejected;
import dev.spotshift.events.Reason;
import dev.spotshift.events.ReviewSignal;
import dev.spotshift.events.RollbackCommand;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.SpotInterruptionWarning;
import dev.spotshift.events.VoteSummary;
import dev.spotshift.events.WorkloadCommand;
import dev.spotshift.events.WorkloadReport;
import dev.spotshift.schemas.Envelopes;
import dev.spotshift.schemas.access.OperatorProof;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Turns one decoded record of the contract into an {@link AuditEvent}; rollout payloads go to {@link RolloutDecoder}. */
public final class EventDecoder {

    private EventDecoder() {}

    /** Null when the record carries no envelope (it is not a plan event). */
    public static AuditEvent decode(Object record, String topic, int partition, long offset) {
        return decode(record, topic, partition, offset, null);
    }

    /**
     * As {@link #decode(Object, String, int, long)}; an operator command with what its token proved ({@code null}:
     * nobody checked, as for a record read without an issuer configured).
     */
    public static AuditEvent decode(Object record, String topic, int partition, long offset,
                                    OperatorProof.Verdict identity) {
        EventEnvelope env = Envelopes.of(record).orElse(null);
        if (env == null) {
            return null;
        }
        EventDraft d = new EventDraft(typeOf(record), env.getEventId()).at(topic, partition, offset)
                .plan(env.getPlanId()).cause(env.getCausationId()).occurredAt(env.getOccurredAt())
                .producer(env.getProducer()).trace(Envelopes.traceId(env.getTraceparent()));
        describe(record, d);
        if (record instanceof OperatorCommand) {
            identity(identity, d);
        }
        return d.build();
    }

    /**
     * Who is behind an operator command: the token's subject when it proved the named operator, else why not. The
     * {@code operator} label stays what the command says; {@code identity} is what the audit could check.
     */
    private static void identity(OperatorProof.Verdict verdict, EventDraft d) {
        if (verdict instanceof OperatorProof.Verified v) {
            d.label("identity", "verified:" + v.subject()).appendSummary(" [identity verified: " + v.subject() + "]");
        } else {
            String why = verdict instanceof OperatorProof.Refused r ? r.reason() : "no token issuer configured for the audit";
            d.label("identity", "unverified").appendSummary(" [identity unverified: " + why + "]");
        }
    }

    static EventType typeOf(Object record) {
        if (record instanceof MigrationPlanSubmitted) return EventType.MIGRATION_PLAN_SUBMITTED;
        if (record instanceof AssessmentEvent a) {
            return a.getPayload() instanceof PlanRejected ? EventType.PLAN_REJECTED : EventType.OPPORTUNITY_ASSESSED;
        }
        if (record instanceof AgentVote) return EventType.AGENT_VOTE;
        if (record instanceof MigrationDecision) return EventType.MIGRATION_DECISION;
        if (record instanceof RolloutEvent r) return RolloutDecoder.typeOf(r.getPayload());
        if (record instanceof RollbackCommand) return EventType.ROLLBACK_COMMAND;
        if (record instanceof GateVerdict) return EventType.GATE_VERDICT;
        if (record instanceof ReviewSignal) return EventType.REVIEW_SIGNAL;
        if (record instanceof MetricSample) return EventType.METRIC_SAMPLE;
        if (record instanceof SpotInterruptionWarning) return EventType.SPOT_INTERRUPTION_WARNING;
        if (record instanceof OperatorCommand) return EventType.OPERATOR_COMMAND;
        if (record instanceof WorkloadCommand) return EventType.WORKLOAD_COMMAND;
        if (record instanceof WorkloadReport) return EventType.WORKLOAD_REPORT;
        if (record instanceof KillSwitch) return EventType.KILL_SWITCH;
        if (record instanceof dev.spotshift.events.CloudCommand c) {
            return c.getAction() instanceof dev.spotshift.events.TerminateInstance ? EventType.REAP_ORDERED
                    : EventType.CLOUD_COMMAND;
        }
        if (record instanceof dev.spotshift.events.CloudOutcome o) {
            if (o.getResult() instanceof dev.spotshift.events.OwnedCapacitySeen) return EventType.CAPACITY_SEEN;
            if (o.getResult() instanceof dev.spotshift.events.InstanceTerminated) return EventType.REAP_ANSWERED;
            return EventType.CLOUD_OUTCOME;
        }
        return EventType.UNKNOWN;
    }

    private static void describe(Object record, EventDraft d) {
        if (record instanceof MigrationPlanSubmitted e) {
            d.stage(MigrationStage.SUBMITTED).label("plan", e.getPlan().getName())
                    .label("workload", e.getPlan().getWorkload().getName()).label("by", e.getSubmittedBy())
                    .label("mode", e.getPlan().getMode())
                    .summary("plan " + e.getPlan().getName() + " submitted by " + e.getSubmittedBy() + " via "
                            + e.getChannel() + ", steps " + e.getPlan().getRollout().getStepsPercent());
            Thresholds.describe(e.getPlan(), d);
        } else if (record instanceof AssessmentEvent e && e.getPayload() instanceof OpportunityAssessed a) {
            d.stage(MigrationStage.ASSESSED).label("recommended", String.join(",", a.getRecommendedInstanceTypes()))
                    .number("expectedSavingsPercent", a.getExpectedSavingsPercent())
                    .number("expectedMonthlySavingsMicros", a.getExpectedMonthlySavingsMicros())
                    .summary(String.format(Locale.ROOT, "assessed: %s, expected savings %.1f %%",
                            a.getRecommendedInstanceTypes(), a.getExpectedSavingsPercent()));
        } else if (record instanceof AssessmentEvent e && e.getPayload() instanceof PlanRejected r) {
            d.stage(MigrationStage.REJECTED).label("rejectionStage", r.getStage())
                    .summary("rejected at " + r.getStage() + ": " + reasons(r.getReasons()));
        } else if (record instanceof AgentVote e) {
            d.stage(MigrationStage.VOTING).label("agent", e.getAgent()).label("verdict", e.getVerdict())
                    .number("confidence", e.getConfidence())
                    .summary(String.format(Locale.ROOT, "%s agent votes %s (confidence %.2f): %s", e.getAgent(),
                            e.getVerdict(), e.getConfidence(), reasons(e.getReasons())));
        } else if (record instanceof MigrationDecision e) {
            decision(e, d);
        } else if (record instanceof RolloutEvent e) {
            RolloutDecoder.describe(e, d);
        } else if (record instanceof RollbackCommand e) {
            d.label("level", e.getLevel()).label("trigger", e.getTrigger()).label("commandId", e.getCommandId())
                    .label("breachingSampleId", e.getBreachingSampleId()).reference(e.getBreachingSampleId());
            e.getMeasurements().forEach(m -> d.measure(measure(m)));
            d.summary(e.getLevel() + " rollback ordered on " + e.getTrigger() + ": " + e.getReason()
                    + measurements(e.getMeasurements()));
        } else if (record instanceof GateVerdict e) {
            d.label("result", e.getResult()).number("stepIndex", e.getStepIndex())
                    .number("confidence", e.getConfidence()).number("samples", e.getSamples());
            e.getMeasurements().forEach(m -> d.measure(measure(m)));
            String gate = e.getScope() == dev.spotshift.events.GateScope.VALIDATION_PERIOD
                    ? "success criteria over the validation period"
                    : e.getScope() == dev.spotshift.events.GateScope.SHADOW_PHASE
                    ? "shadow criteria over the shadow run" : "gate of step " + e.getStepIndex();
            d.summary(gate + ": " + e.getResult() + measurements(e.getMeasurements()));
        } else if (record instanceof ReviewSignal e) {
            d.label("action", e.getAction()).label("state", e.getState()).number("samples", e.getSamples())
                    .label("sampleId", e.getSampleId()).reference(e.getSampleId());
            d.measure(measure(e.getMeasurement()));
            d.summary("review " + e.getAction() + " " + e.getState() + " (no capacity moved): " + e.getReason()
                    + measurements(List.of(e.getMeasurement())));
        } else if (record instanceof MetricSample e) {
            MetricFigures.describe(e, d);
        } else if (record instanceof SpotInterruptionWarning e) {
            d.label("kind", e.getKind()).label("instanceId", e.getInstanceId())
                    .summary(e.getKind() + " for " + e.getInstanceId() + ", gone at " + e.getDeadline());
        } else if (record instanceof OperatorCommand e) {
            d.label("action", e.getAction()).label("operator", e.getOperator())
                    .summary("operator " + e.getOperator() + ": " + e.getAction()
                            + (e.getReason() == null ? "" : " (" + e.getReason() + ")"));
        } else if (record instanceof WorkloadCommand e) {
            d.label("action", e.getAction()).label("instanceId", e.getInstanceId())
                    .summary(e.getAction() + " asked of " + e.getInstanceId() + " to " + e.getLocation());
        } else if (record instanceof WorkloadReport e) {
            d.label("action", e.getAction()).label("succeeded", e.getSucceeded()).number("sizeBytes", e.getSizeBytes())
                    .summary(e.getAction() + (e.getSucceeded() ? " done" : " FAILED") + " on " + e.getInstanceId()
                            + (e.getError() == null ? "" : ": " + e.getError()));
        } else if (record instanceof dev.spotshift.events.CloudCommand e) {
            String action = e.getAction().getClass().getSimpleName();
            d.label("action", action).label("commandId", e.getCommandId()).label("region", e.getRegion())
                    .label("dryRun", e.getDryRun())
                    .summary(action + " asked of the cloud" + (e.getDryRun() ? " (dry run: reads only)" : "")
                            + ": " + e.getAction());
        } else if (record instanceof dev.spotshift.events.CloudOutcome e) {
            d.label("action", e.getAction()).label("commandId", e.getCommandId()).label("succeeded", e.getSucceeded())
                    .label("errorKind", e.getErrorKind()).number("attempts", e.getAttempts())
                    .summary(e.getAction() + (e.getSucceeded() ? " done" : " FAILED: " + e.getError()) + " after "
                            + e.getAttempts() + " attempt(s)" + (e.getResult() == null ? "" : ": " + e.getResult()));
        } else if (record instanceof KillSwitch e) {
            d.label("engaged", e.getEngaged()).label("operator", e.getOperator())
                    .summary("kill switch " + (e.getEngaged() ? "engaged" : "released") + " by " + e.getOperator());
        }
    }

    private static void decision(MigrationDecision e, EventDraft d) {
        boolean approved = e.getOutcome() == DecisionOutcome.APPROVED;
        d.stage(approved ? MigrationStage.APPROVED : MigrationStage.DECLINED).label("outcome", e.getOutcome())
                .label("rule", e.getRule()).label("decidedBy", e.getDecidedBy());
        for (VoteSummary v : e.getVotes()) {
            d.number("confidence." + v.getAgent(), v.getConfidence()).label("vote." + v.getAgent(), v.getVerdict())
                    .reference(v.getVoteEventId());
        }
        String votes = e.getVotes().stream()
                .map(v -> String.format(Locale.ROOT, "%s %s %.2f", v.getAgent(), v.getVerdict(), v.getConfidence()))
                .collect(Collectors.joining(", "));
        d.summary(e.getOutcome() + " by " + e.getRule() + " (" + e.getDecidedBy() + "): " + votes
                + (e.getMissingAgents().isEmpty() ? "" : "; missing " + e.getMissingAgents()));
    }

    static Measure measure(Measurement m) {
        return new Measure(m.getMetric(), m.getObserved(), m.getThreshold(), m.getComparator().name(),
                m.getBaseline(), m.getPassed());
    }

    static String measurements(List<Measurement> ms) {
        if (ms.isEmpty()) {
            return "";
        }
        return " [" + ms.stream().map(m -> String.format(Locale.ROOT, "%s %.4g vs %s %.4g%s", m.getMetric(),
                m.getObserved(), m.getComparator(), m.getThreshold(), m.getPassed() ? "" : " BREACHED"))
                .collect(Collectors.joining("; ")) + "]";
    }

    static String reasons(List<Reason> reasons) {
        return reasons.isEmpty() ? "-" : reasons.stream().map(r -> r.getCode() + ": " + r.getMessage())
                .collect(Collectors.joining("; "));
    }
}
