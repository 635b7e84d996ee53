package dev.spotshift.executor.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One plan's rollout, whole and explicit (Argo's rollout status): what is persisted per planId, in named parts.
 *
 * @param stepsHash   the hash of {@code plan}'s step list (Argo's pod-template hash): a changed list is noticed by it
 * @param pendingPlan a changed plan that arrived mid-rollout; adopted on the next resume
 * @param progress    the stage, the last completed step and the spot share
 * @param gate        the step in flight and its gate ({@link StepGate#NONE} before the first)
 * @param holding     what holds the plan: pause conditions, where a resume goes, the abort, the kill switch
 * @param timers      the re-evaluations scheduled (deadlines, windows, retries)
 * @param dedupe      what keeps a replay from acting twice: applied inputs, awaited commands, the id sequence
 * @param readings    pre-flight's answers, the current window's sums, the baseline, the group as first read
 * @param spot        interruptions, storms and the return to spot (empty in states stored before it existed)
 * @param unwind      the way back to on-demand while ROLLING_BACK, null otherwise
 * @param waveDone    the migrations of the wave before that have COMPLETED, while this plan waits for its wave
 */
public record RolloutState(PlanSpec plan, String decisionEventId, String stepsHash, PlanSpec pendingPlan,
                           Progress progress, StepGate gate, Holding holding, List<Timer> timers, Dedupe dedupe,
                           Readings readings, SpotWatch spot, Unwind unwind, List<String> waveDone) {

    /** Commands awaited at once are few; the bound only keeps a lost answer from growing the state forever. */
    static final int MAX_AWAITED = 200;

    public RolloutState {
        java.util.Objects.requireNonNull(progress, "progress");
        gate = gate == null ? StepGate.NONE : gate;
        holding = holding == null ? Holding.NONE : holding;
        dedupe = dedupe == null ? Dedupe.NONE : dedupe;
        readings = readings == null ? Readings.NONE : readings;
        spot = spot == null ? SpotWatch.EMPTY : spot;
        timers = timers == null ? List.of() : List.copyOf(timers);
        waveDone = waveDone == null ? List.of() : List.copyOf(waveDone);
    }

    /** A plan just approved: in PREFLIGHT at 0 % spot with nothing done, held, read or awaited yet. */
    public static RolloutState initial(PlanSpec plan, String decisionEventId, Instant now) {
        return new RolloutState(plan, decisionEventId, plan.stepsHash(), null, Progress.approved(now), StepGate.NONE,
                Holding.NONE, List.of(), Dedupe.NONE, Readings.NONE, SpotWatch.EMPTY, null, List.of());
    }

    // Reads of single facts of the parts, for the many callers that ask about one of them.

    public Stage stage() {
        return progress.stage();
    }

    public Instant stageEnteredAt() {
        return progress.stageEnteredAt();
    }

    public int completedStep() {
        return progress.completedStep();
    }

    public int spotPercent() {
        return progress.spotPercent();
    }

    public List<PauseCondition> pauses() {
        return holding.pauses();
    }

    public Stage pausedFrom() {
        return holding.pausedFrom();
    }

    public Abort abort() {
        return holding.abort();
    }

    public boolean killSwitchEngaged() {
        return holding.killSwitchEngaged();
    }

    public List<String> processedIds() {
        return dedupe.processedIds();
    }

    public List<String> awaiting() {
        return dedupe.awaiting();
    }

    public long eventSeq() {
        return dedupe.eventSeq();
    }

    public String lastEventId() {
        return dedupe.lastEventId();
    }

    /** What the plan's next output answers: the last event applied to it, or its decision before any. */
    public String causeId() {
        return lastEventId() != null ? lastEventId() : decisionEventId;
    }

    public List<PreflightCheck> preflight() {
        return readings.preflight();
    }

    public boolean monitoringSeen() {
        return readings.monitoringSeen();
    }

    public MetricTotals observed() {
        return readings.observed();
    }

    public BaselineFigures baseline() {
        return readings.baseline();
    }

    public GroupSnapshot groupBefore() {
        return readings.groupBefore();
    }

    public String planId() {
        return plan.planId();
    }

    public boolean processed(String id) {
        return id != null && processedIds().contains(id);
    }

    public boolean awaits(String commandId) {
        return commandId != null && awaiting().contains(commandId);
    }

    public boolean pausedBy(PauseCondition.Reason reason) {
        return pauses().stream().anyMatch(p -> p.reason() == reason);
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

    /**
     * Transition-local mutable copy, its parts laid flat; a transition builds one new state and freezes it once.
     * The domain writes it only through {@link Tx}'s named changes.
     */
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
            stage = s.stage();
            pausedFrom = s.pausedFrom();
            completedStep = s.completedStep();
            gate = s.gate;
            spotPercent = s.spotPercent();
            stageEnteredAt = s.stageEnteredAt();
            pauses = new ArrayList<>(s.pauses());
            abort = s.abort();
            timers = new ArrayList<>(s.timers);
            processedIds = new ArrayList<>(s.processedIds());
            preflight = s.preflight();
            monitoringSeen = s.monitoringSeen();
            observed = s.observed();
            baseline = s.baseline();
            killSwitchEngaged = s.killSwitchEngaged();
            pendingPlan = s.pendingPlan;
            eventSeq = s.eventSeq();
            lastEventId = s.lastEventId();
            spot = s.spot;
            awaiting = new ArrayList<>(s.awaiting());
            unwind = s.unwind;
            groupBefore = s.groupBefore();
            waveDone = new ArrayList<>(s.waveDone);
        }

        public RolloutState build() {
            return new RolloutState(plan, decisionEventId, stepsHash, pendingPlan,
                    new Progress(stage, stageEnteredAt, completedStep, spotPercent), gate,
                    new Holding(pauses, pausedFrom, abort, killSwitchEngaged), timers,
                    new Dedupe(processedIds, awaiting, eventSeq, lastEventId),
                    new Readings(preflight, monitoringSeen, observed, baseline, groupBefore), spot, unwind, waveDone);
        }
    }
}
