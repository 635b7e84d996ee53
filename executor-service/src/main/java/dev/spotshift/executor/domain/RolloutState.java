package dev.spotshift.executor.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One plan's rollout, whole and explicit (Argo's rollout status): what is persisted per planId.
 *
 * @param completedStep  index of the last step whose gate passed (and was approved), -1 before the first
 * @param gate           the step in flight and its gate ({@link StepGate#NONE} before the first)
 * @param pausedFrom     the stage a resume re-enters (null unless PAUSED)
 * @param preflight      the cloud probes' results, null while they have not answered
 * @param observed       sums of the current observation window (baseline, shadow run, validation period)
 * @param pendingPlan    a changed plan that arrived mid-rollout; adopted on the next resume
 * @param eventSeq       how many events this plan has published; seeds deterministic event ids
 * @param spot           interruptions, storms and the return to spot (empty in states stored before it existed)
 * @param awaiting       cloud commands sent and not yet answered (their outcome is applied once, others ignored)
 * @param unwind         the way back to on-demand while ROLLING_BACK, null otherwise
 * @param groupBefore    the group as pre-flight read it before any change: what a full rollback restores
 * @param waveDone       the migrations of the wave before that have COMPLETED, while this plan waits for its wave
 */
public record RolloutState(PlanSpec plan, String decisionEventId, String stepsHash, Stage stage, Stage pausedFrom,
                           int completedStep, StepGate gate, int spotPercent, Instant stageEnteredAt,
                           List<PauseCondition> pauses,
                           Abort abort, List<Timer> timers, List<String> processedIds, List<PreflightCheck> preflight,
                           boolean monitoringSeen, MetricTotals observed, BaselineFigures baseline,
                           boolean killSwitchEngaged, PlanSpec pendingPlan, long eventSeq, String lastEventId,
                           SpotWatch spot, List<String> awaiting, Unwind unwind, GroupSnapshot groupBefore,
                           List<String> waveDone) {

    /** A state without waves (and one stored before them). */
    public RolloutState(PlanSpec plan, String decisionEventId, String stepsHash, Stage stage, Stage pausedFrom,
                        int completedStep, StepGate gate, int spotPercent, Instant stageEnteredAt,
                        List<PauseCondition> pauses,
                        Abort abort, List<Timer> timers, List<String> processedIds, List<PreflightCheck> preflight,
                        boolean monitoringSeen, MetricTotals observed, BaselineFigures baseline,
                        boolean killSwitchEngaged, PlanSpec pendingPlan, long eventSeq, String lastEventId,
                        SpotWatch spot, List<String> awaiting, Unwind unwind, GroupSnapshot groupBefore) {
        this(plan, decisionEventId, stepsHash, stage, pausedFrom, completedStep, gate, spotPercent,
                stageEnteredAt, pauses, abort, timers, processedIds, preflight,
                monitoringSeen, observed, baseline, killSwitchEngaged, pendingPlan, eventSeq, lastEventId, spot,
                awaiting, unwind, groupBefore, List.of());
    }

    /** Commands awaited at once are few; the bound only keeps a lost answer from growing the state forever. */
    static final int MAX_AWAITED = 200;

    public RolloutState {
        gate = gate == null ? StepGate.NONE : gate;
        spot = spot == null ? SpotWatch.EMPTY : spot;
        awaiting = awaiting == null ? List.of() : List.copyOf(awaiting);
        waveDone = waveDone == null ? List.of() : List.copyOf(waveDone);
        pauses = List.copyOf(pauses);
        timers = List.copyOf(timers);
        processedIds = List.copyOf(processedIds);
        preflight = preflight == null ? null : List.copyOf(preflight);
    }

    /** A plan just approved: in PREFLIGHT at 0 % spot with nothing done yet. */
    public static RolloutState initial(PlanSpec plan, String decisionEventId, Instant now) {
        return new RolloutState(plan, decisionEventId, plan.stepsHash(), Stage.PREFLIGHT, null, -1, StepGate.NONE, 0,
                now, List.of(), null, List.of(), List.of(), null, false, MetricTotals.EMPTY, null, false, null,
                0, null, SpotWatch.EMPTY, List.of(), null, null);
    }

    public String planId() {
        return plan.planId();
    }

    public boolean processed(String id) {
        return id != null && processedIds.contains(id);
    }

    public boolean awaits(String commandId) {
        return commandId != null && awaiting.contains(commandId);
    }

    public boolean pausedBy(PauseCondition.Reason reason) {
        return pauses.stream().anyMatch(p -> p.reason() == reason);
    }

    public Optional<Instant> nextDueAt() {
        return timers.stream().map(Timer::dueAt).min(Comparator.naturalOrder());
    }

    /** Whether a tick now fires a timer, gate deadlines held back until {@code gateDeadlinesNotBefore} (or null). */
    public boolean fires(Instant now, Instant gateDeadlinesNotBefore) {
        return timers.stream().anyMatch(t -> t.firesBy(now, gateDeadlinesNotBefore));
    }

    /** The command's outcome arrived: it is awaited no more (a repeat of it is ignored). */
    RolloutState answered(String commandId) {
        Builder b = toBuilder();
        b.awaiting.remove(commandId);
        return b.build();
    }

    /** The kill switch's flag as last seen, with nothing else changed. */
    RolloutState killSwitchSeen(boolean engaged) {
        Builder b = toBuilder();
        b.killSwitchEngaged = engaged;
        return b.build();
    }

    /** These input ids are applied: remembered with the others, the oldest forgotten past {@code kept}. */
    RolloutState processedToo(List<String> ids, int kept) {
        Builder b = toBuilder();
        b.processedIds.addAll(ids);
        while (b.processedIds.size() > kept) {
            b.processedIds.remove(0);
        }
        return b.build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Transition-local mutable copy; a transition builds one new state and freezes it once. */
    public static final class Builder {
        PlanSpec plan;
        String decisionEventId;
        String stepsHash;
        Stage stage;
        Stage pausedFrom;
        int completedStep;
        StepGate gate;
        int spotPercent;
        Instant stageEnteredAt;
        List<PauseCondition> pauses;
        Abort abort;
        List<Timer> timers;
        List<String> processedIds;
        List<PreflightCheck> preflight;
        boolean monitoringSeen;
        MetricTotals observed;
        BaselineFigures baseline;
        boolean killSwitchEngaged;
        PlanSpec pendingPlan;
        long eventSeq;
        String lastEventId;
        SpotWatch spot;
        List<String> awaiting;
        Unwind unwind;
        GroupSnapshot groupBefore;
        List<String> waveDone;

        private Builder(RolloutState s) {
            plan = s.plan;
            decisionEventId = s.decisionEventId;
            stepsHash = s.stepsHash;
            stage = s.stage;
            pausedFrom = s.pausedFrom;
            completedStep = s.completedStep;
            gate = s.gate;
            spotPercent = s.spotPercent;
            stageEnteredAt = s.stageEnteredAt;
            pauses = new ArrayList<>(s.pauses);
            abort = s.abort;
            timers = new ArrayList<>(s.timers);
            processedIds = new ArrayList<>(s.processedIds);
            preflight = s.preflight;
            monitoringSeen = s.monitoringSeen;
            observed = s.observed;
            baseline = s.baseline;
            killSwitchEngaged = s.killSwitchEngaged;
            pendingPlan = s.pendingPlan;
            eventSeq = s.eventSeq;
            lastEventId = s.lastEventId;
            spot = s.spot;
            awaiting = new ArrayList<>(s.awaiting);
            unwind = s.unwind;
            groupBefore = s.groupBefore;
            waveDone = new ArrayList<>(s.waveDone);
        }

        public RolloutState build() {
            return new RolloutState(plan, decisionEventId, stepsHash, stage, pausedFrom, completedStep, gate,
                    spotPercent, stageEnteredAt, pauses, abort, timers,
                    processedIds, preflight, monitoringSeen, observed, baseline, killSwitchEngaged, pendingPlan,
                    eventSeq, lastEventId, spot, awaiting, unwind, groupBefore, waveDone);
        }
    }
}
