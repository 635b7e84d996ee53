package dev.spotshift.console.domain;

import dev.spotshift.console.domain.PlanView.Interruption;
import dev.spotshift.console.domain.PlanView.Measured;
import dev.spotshift.console.domain.PlanView.Note;
import dev.spotshift.console.domain.PlanView.Replacement;
import dev.spotshift.console.domain.PlanView.Rollback;
import dev.spotshift.console.domain.PlanView.StageEntry;
import dev.spotshift.console.domain.PlanView.Verdict;
import dev.spotshift.events.Baseline;
import dev.spotshift.events.CheckpointWritten;
import dev.spotshift.events.GateVerdict;
import dev.spotshift.events.Measurement;
import dev.spotshift.events.MetricSample;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.MigrationPlanSubmitted;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.PlanAccounting;
import dev.spotshift.events.Reason;
import dev.spotshift.events.ReplacementLaunched;
import dev.spotshift.events.RollbackCommand;
import dev.spotshift.events.RolledBack;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.SpotInterruptionWarning;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the console knows of one plan, folded event by event; only {@link Board} touches it, under its lock. */
final class PlanTrack {

    private final String planId;
    private final int maxPoints;
    private final Set<String> seen = new HashSet<>();
    private MigrationPlanSubmitted submitted;
    private MigrationStatus status;
    private Baseline baseline;
    private final List<StageEntry> stages = new ArrayList<>();
    private final List<Verdict> verdicts = new ArrayList<>();
    private final Map<String, RollbackCommand> commands = new LinkedHashMap<>();
    private final List<RolledBack> rolledBack = new ArrayList<>();
    private final List<RolloutEvent> rolledBackEvents = new ArrayList<>();
    private final List<SpotInterruptionWarning> warnings = new ArrayList<>();
    private final Map<String, String> checkpoints = new LinkedHashMap<>();
    private final List<Replacement> replacements = new ArrayList<>();
    private final MetricSeries metrics;
    /** instanceId -> still running after the reaper's latest word on it. */
    private final Map<String, Boolean> reaped = new LinkedHashMap<>();

    PlanTrack(String planId, int maxPoints) {
        this.planId = planId;
        this.maxPoints = maxPoints;
        this.metrics = new MetricSeries(maxPoints);
    }

    /** False when the event was seen before (a re-sent record): consumers are idempotent on eventId. */
    private boolean first(String eventId) {
        return eventId == null || seen.add(eventId);
    }

    boolean submitted(MigrationPlanSubmitted e) {
        if (!first(e.getEnvelope().getEventId())) {
            return false;
        }
        if (submitted == null) {
            submitted = e;
        }
        return true;
    }

    boolean status(MigrationStatus s) {
        if (status != null && s.getUpdatedAt().isBefore(status.getUpdatedAt())) {
            return false;
        }
        String stage = s.getStage().name();
        if (stages.isEmpty() || !stages.get(stages.size() - 1).stage().equals(stage)) {
            stages.add(new StageEntry(stage, s.getUpdatedAt()));
        }
        status = s;
        return true;
    }

    boolean rollout(RolloutEvent e) {
        if (!first(e.getEnvelope().getEventId())) {
            return false;
        }
        Object p = e.getPayload();
        if (p instanceof RolledBack r) {
            rolledBack.add(r);
            rolledBackEvents.add(e);
        } else if (p instanceof ReplacementLaunched r) {
            replacements.add(new Replacement(e.getEnvelope().getEventId(), e.getEnvelope().getOccurredAt(),
                    r.getInterruptedInstanceId(), r.getReplacementInstanceId(), r.getInstanceType(),
                    r.getAvailabilityZone(), r.getLifecycle().name(), r.getStateValidated(), r.getWithinNotice()));
        } else if (p instanceof CheckpointWritten c) {
            checkpoints.put(c.getInstanceId(), c.getLocation());
        } else if (p instanceof dev.spotshift.events.SpotCapacityReaped r) {
            reaped.put(r.getInstanceId(), !r.getTerminated());
        } else if (p instanceof dev.spotshift.events.BaselineCaptured b) {
            baseline = b.getBaseline();
        }
        return true;
    }

    boolean verdict(GateVerdict v) {
        if (!first(v.getEnvelope().getEventId())) {
            return false;
        }
        verdicts.add(new Verdict(v.getEnvelope().getEventId(), v.getStepIndex(), v.getResult().name(),
                v.getConfidence(), measured(v.getMeasurements()), notes(v.getReasons()), v.getWindowStart(),
                v.getWindowEnd(), v.getSamples()));
        return true;
    }

    boolean command(RollbackCommand c) {
        if (!first(c.getEnvelope().getEventId())) {
            return false;
        }
        commands.putIfAbsent(c.getCommandId(), c);
        return true;
    }

    boolean warning(SpotInterruptionWarning w) {
        if (!first(w.getEnvelope().getEventId())) {
            return false;
        }
        warnings.add(w);
        return true;
    }

    boolean sample(MetricSample m) {
        if (!first(m.getEnvelope().getEventId()) || m.getShadow()) {
            return false;
        }
        metrics.add(m);
        return true;
    }

    boolean known() {
        return status != null || submitted != null;
    }

    /** {@code withSeries}: the metric series too (the plan page); the list and the gauges do without. */
    PlanView view(boolean withSeries) {
        MigrationPlan plan = submitted == null ? null : submitted.getPlan();
        return new PlanView(identity(plan), progress(plan), money(), List.copyOf(stages), List.copyOf(verdicts),
                rollbacks(), interruptions(), List.copyOf(replacements),
                withSeries ? metrics.view(plan, baseline()) : List.of(),
                status == null ? List.of() : notes(status.getReasons()));
    }

    private Baseline baseline() {
        if (baseline != null) {
            return baseline;
        }
        return submitted == null ? null : submitted.getPlan().getWorkload().getBaseline();
    }

    private PlanView.Identity identity(MigrationPlan plan) {
        String name = status != null && status.getPlanName() != null ? status.getPlanName()
                : plan != null ? plan.getName() : null;
        String workload = status != null && status.getWorkloadName() != null ? status.getWorkloadName()
                : plan != null ? plan.getWorkload().getName() : null;
        return new PlanView.Identity(planId, name, workload, plan == null ? null : plan.getMode().name(),
                submitted == null ? null : submitted.getEnvelope().getOccurredAt());
    }

    private PlanView.Progress progress(MigrationPlan plan) {
        if (status == null) {
            List<Integer> steps = plan == null ? List.of() : List.copyOf(plan.getRollout().getStepsPercent());
            return new PlanView.Progress("SUBMITTED", false, 0, -1, steps, null,
                    submitted.getEnvelope().getOccurredAt(), submitted.getEnvelope().getOccurredAt(),
                    StageBudget.of("SUBMITTED", plan));
        }
        String stage = status.getStage().name();
        StageEntry since = stages.get(stages.size() - 1);
        return new PlanView.Progress(stage, status.getTerminal(), status.getSpotPercent(), status.getStepIndex(),
                List.copyOf(status.getStepsPercent()), status.getLastVerdict(), status.getUpdatedAt(), since.at(),
                status.getTerminal() ? null : StageBudget.of(stage, plan));
    }

    private PlanView.Money money() {
        int leaking = (int) reaped.values().stream().filter(Boolean::booleanValue).count();
        if (status == null) {
            return new PlanView.Money(0, 0, null, null, null, null, 0, 0, leaking);
        }
        PlanAccounting a = status.getAccounting();
        if (a == null) {
            return new PlanView.Money(status.getSavingsMicros(), status.getSavingsPercent(), null, null, null, null, 0, 0,
                    leaking);
        }
        return new PlanView.Money(status.getSavingsMicros(), status.getSavingsPercent(), a.getCostMicros(),
                a.getOnDemandCostMicros(), a.getCostPerJobMicros(), a.getBaselineCostPerJobMicros(),
                a.getJobsCompleted(), a.getJobsFailed(), leaking);
    }

    private List<Rollback> rollbacks() {
        List<Rollback> out = new ArrayList<>();
        for (int i = 0; i < rolledBack.size(); i++) {
            RolledBack r = rolledBack.get(i);
            RolloutEvent e = rolledBackEvents.get(i);
            RollbackCommand c = r.getCommandId() == null ? null : commands.get(r.getCommandId());
            List<Measured> evidence = c != null ? measured(c.getMeasurements()) : failedGateEvidence(r);
            out.add(new Rollback(e.getEnvelope().getEventId(), e.getEnvelope().getOccurredAt(), r.getLevel().name(),
                    r.getTrigger().name(), r.getFromSpotPercent(), r.getToSpotPercent(), r.getReason(),
                    r.getCommandId(), evidence, c == null ? null : c.getWindowStart(),
                    c == null ? null : c.getWindowEnd()));
        }
        return out;
    }

    /** A step back for a failed gate has no monitor command: its evidence is the failing verdict's. */
    private List<Measured> failedGateEvidence(RolledBack r) {
        if (!"GATE_FAILED".equals(r.getTrigger().name())) {
            return List.of();
        }
        for (int i = verdicts.size() - 1; i >= 0; i--) {
            if (!"PASS".equals(verdicts.get(i).result())) {
                return verdicts.get(i).measurements();
            }
        }
        return List.of();
    }

    private List<Interruption> interruptions() {
        return warnings.stream().map(w -> new Interruption(w.getEnvelope().getEventId(), w.getKind().name(),
                w.getInstanceId(), w.getInstanceType(), w.getAvailabilityZone(), w.getNoticeAt(), w.getDeadline(),
                checkpoints.get(w.getInstanceId()))).toList();
    }

    static List<Measured> measured(List<Measurement> ms) {
        return ms.stream().map(m -> new Measured(m.getMetric(), m.getObserved(), m.getThreshold(),
                m.getComparator().name(), m.getBaseline(), m.getPassed())).toList();
    }

    static List<Note> notes(List<Reason> rs) {
        return rs.stream().map(r -> new Note(r.getCode(), r.getMessage(), r.getLocation())).toList();
    }

    int maxPoints() {
        return maxPoints;
    }
}
