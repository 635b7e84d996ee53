package dev.spotshift.executor.state;

import dev.spotshift.executor.domain.Abort;
import dev.spotshift.executor.domain.BaselineFigures;
import dev.spotshift.executor.domain.Dedupe;
import dev.spotshift.executor.domain.Failover;
import dev.spotshift.executor.domain.GroupSnapshot;
import dev.spotshift.executor.domain.Holding;
import dev.spotshift.executor.domain.Interruption;
import dev.spotshift.executor.domain.MarketFallback;
import dev.spotshift.executor.domain.MetricTotals;
import dev.spotshift.executor.domain.PauseCondition;
import dev.spotshift.executor.domain.PlanSpec;
import dev.spotshift.executor.domain.PreflightCheck;
import dev.spotshift.executor.domain.PriceHold;
import dev.spotshift.executor.domain.ProcedureStep;
import dev.spotshift.executor.domain.Progress;
import dev.spotshift.executor.domain.Readings;
import dev.spotshift.executor.domain.RollbackTrigger;
import dev.spotshift.executor.domain.RolloutState;
import dev.spotshift.executor.domain.Scaling;
import dev.spotshift.executor.domain.SpotRules;
import dev.spotshift.executor.domain.SpotWatch;
import dev.spotshift.executor.domain.Stage;
import dev.spotshift.executor.domain.StepGate;
import dev.spotshift.executor.domain.StepTimings;
import dev.spotshift.executor.domain.SuccessCriteria;
import dev.spotshift.executor.domain.Timer;
import dev.spotshift.executor.domain.Unwind;
import dev.spotshift.state.AbortState;
import dev.spotshift.state.BackupState;
import dev.spotshift.state.BaselineFiguresState;
import dev.spotshift.state.CheckpointState;
import dev.spotshift.state.FailoverState;
import dev.spotshift.state.GroupSnapshotState;
import dev.spotshift.state.InterruptionState;
import dev.spotshift.state.MetricTotalsState;
import dev.spotshift.state.PauseConditionState;
import dev.spotshift.state.PlanRolloutState;
import dev.spotshift.state.PlanSpecState;
import dev.spotshift.state.PreflightCheckState;
import dev.spotshift.state.ProcedureStepState;
import dev.spotshift.state.ReplacementState;
import dev.spotshift.state.ScalingState;
import dev.spotshift.state.SpotRulesState;
import dev.spotshift.state.SpotWatchState;
import dev.spotshift.state.StepTimingsState;
import dev.spotshift.state.SuccessCriteriaState;
import dev.spotshift.state.TimerState;
import dev.spotshift.state.UnwindState;
import dev.spotshift.state.WaveState;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * The domain's {@link RolloutState} as the store's Avro record {@link PlanRolloutState} and back, part for part. The
 * domain stays plain Java; this mapping is the only place that knows both. Enums go by name (a name a later version
 * no longer has fails the read loudly instead of guessing); instants as epoch nanoseconds, so a state reads back
 * equal to the one written, which the processor's cache of written states relies on.
 */
final class RolloutStateMapping {

    private RolloutStateMapping() {}

    /**
     * Every field set on a new record, not through the generated builder: the builder validates each field and
     * resolves the schema's defaults on every build, which made this mapping the largest part of a state write
     * (JFR of benchmark 6, 2026-12-07). Each field is set here, so no default is needed; a field added to the schema
     * must be set here too (StateRoundTripTest and RolloutStateStoreTest read back what is written).
     */
    static PlanRolloutState toState(RolloutState s) {
        PlanRolloutState stored = new PlanRolloutState();
        stored.setPlan(plan(s.plan()));
        stored.setDecisionEventId(s.decisionEventId());
        stored.setStepsHash(s.stepsHash());
        stored.setStage(s.stage().name());
        stored.setPausedFrom(name(s.pausedFrom()));
        stored.setCompletedStep(s.completedStep());
        stored.setActiveStep(s.gate().step());
        stored.setSpotPercent(s.spotPercent());
        stored.setStageEnteredAtEpochNanos(nanos(s.stageEnteredAt()));
        stored.setStepStartedAtEpochNanos(nanos(s.gate().startedAt()));
        stored.setGateVerdictId(s.gate().verdictId());
        stored.setRejudges(s.gate().rejudges());
        stored.setPauses(map(s.pauses(), p -> new PauseConditionState(p.reason().name(), p.message(),
                nanos(p.startedAt()))));
        stored.setAbort(s.abort() == null ? null : new AbortState(nanos(s.abort().abortedAt()), s.abort().by(),
                s.abort().reason()));
        stored.setTimers(map(s.timers(), t -> new TimerState(t.kind().name(), nanos(t.dueAt()), t.causeId(),
                t.stepIndex())));
        stored.setProcessedIds(s.processedIds());
        stored.setPreflight(s.preflight() == null ? null : map(s.preflight(),
                c -> new PreflightCheckState(c.check(), c.passed(), c.detail())));
        stored.setMonitoringSeen(s.monitoringSeen());
        stored.setObserved(totals(s.observed()));
        stored.setBaseline(baseline(s.baseline()));
        stored.setKillSwitchEngaged(s.killSwitchEngaged());
        stored.setPendingPlan(s.pendingPlan() == null ? null : plan(s.pendingPlan()));
        stored.setEventSeq(s.eventSeq());
        stored.setLastEventId(s.lastEventId());
        stored.setSpot(spot(s.spot()));
        stored.setBackupBefore(s.spot().failover() == null ? null : group(s.spot().failover().backupBefore()));
        stored.setAwaiting(s.awaiting());
        stored.setUnwind(unwind(s.unwind()));
        stored.setGroupBefore(group(s.groupBefore()));
        stored.setWaveDone(s.waveDone());
        return stored;
    }

    static RolloutState fromState(PlanRolloutState s) {
        // The stored record keeps its flat fields (the released state schema); the domain's named parts map onto them.
        Progress progress = new Progress(Stage.valueOf(s.getStage()), instant(s.getStageEnteredAtEpochNanos()),
                s.getCompletedStep(), s.getSpotPercent());
        StepGate gate = new StepGate(s.getActiveStep(), instant(s.getStepStartedAtEpochNanos()), s.getGateVerdictId(),
                s.getRejudges());
        Holding holding = new Holding(map(s.getPauses(), p -> new PauseCondition(
                PauseCondition.Reason.valueOf(p.getReason()), p.getMessage(), instant(p.getStartedAtEpochNanos()))),
                stage(s.getPausedFrom()),
                s.getAbort() == null ? null : new Abort(instant(s.getAbort().getAbortedAtEpochNanos()),
                        s.getAbort().getBy(), s.getAbort().getReason()),
                s.getKillSwitchEngaged());
        Dedupe dedupe = new Dedupe(s.getProcessedIds(), s.getAwaiting(), s.getEventSeq(), s.getLastEventId());
        Readings readings = new Readings(s.getPreflight() == null ? null : map(s.getPreflight(),
                c -> new PreflightCheck(c.getCheck(), c.getPassed(), c.getDetail())),
                s.getMonitoringSeen(), totals(s.getObserved()), baseline(s.getBaseline()), group(s.getGroupBefore()));
        return new RolloutState(plan(s.getPlan()), s.getDecisionEventId(), s.getStepsHash(),
                s.getPendingPlan() == null ? null : plan(s.getPendingPlan()), progress, gate, holding,
                map(s.getTimers(), t -> new Timer(Timer.Kind.valueOf(t.getKind()), instant(t.getDueAtEpochNanos()),
                        t.getCauseId(), t.getStepIndex())),
                dedupe, readings, spot(s.getSpot(), group(s.getBackupBefore())), unwind(s.getUnwind()),
                s.getWaveDone());
    }

    private static PlanSpecState plan(PlanSpec p) {
        PlanSpecState stored = new PlanSpecState();
        stored.setPlanId(p.planId());
        stored.setWorkload(p.workload());
        stored.setMode(name(p.mode()));
        stored.setRegion(p.region());
        stored.setGroupName(p.groupName());
        stored.setStepsPercent(p.stepsPercent());
        stored.setStepIntervalMillis(p.stepIntervalMillis());
        stored.setValidationWindowMillis(p.validationWindowMillis());
        stored.setBaselineWindowMillis(p.baselineWindowMillis());
        stored.setShadowRunMillis(p.shadowRunMillis());
        stored.setValidationPeriodMillis(p.validationPeriodMillis());
        stored.setManualGates(p.manualGates());
        stored.setOnDemandBase(p.onDemandBase());
        stored.setAllocationStrategy(p.allocationStrategy());
        stored.setInstanceTypes(p.instanceTypes());
        stored.setFallbackInstanceType(p.fallbackInstanceType());
        stored.setTargetCapacity(p.targetCapacity());
        stored.setCheckpointLocation(p.checkpointLocation());
        stored.setDeclaredBaseline(baseline(p.declaredBaseline()));
        stored.setSpotRules(rules(p.spotRules()));
        stored.setCriteria(new SuccessCriteriaState(p.criteria().minJobCompletionRatePercent(),
                p.criteria().maxProcessingTimeIncreasePercent(), p.criteria().minCostSavingsPercent(),
                name(p.criteria().onMissed())));
        stored.setStepTimings(new StepTimingsState(p.stepTimings().validationWindowsMillis(),
                p.stepTimings().stepIntervalsMillis()));
        stored.setScaling(p.scaling() == null ? null : new ScalingState(p.scaling().minSize(), p.scaling().maxSize(),
                p.scaling().scaleOutCpuPercent(), p.scaling().scaleOutAfterMillis(), p.scaling().scaleInCpuPercent(),
                p.scaling().scaleInAfterMillis()));
        stored.setBackup(p.backup() == null ? null : new BackupState(p.backup().region(), p.backup().groupName()));
        stored.setWave(p.wave() == null ? null : new WaveState(p.wave().index(), p.wave().count(), p.wave().name(),
                p.wave().after(), p.wave().next()));
        return stored;
    }

    private static PlanSpec plan(PlanSpecState p) {
        SuccessCriteriaState c = p.getCriteria();
        StepTimingsState t = p.getStepTimings();
        ScalingState sc = p.getScaling();
        return new PlanSpec(p.getPlanId(), p.getWorkload(), p.getMode() == null ? null
                : PlanSpec.Mode.valueOf(p.getMode()), p.getRegion(), p.getGroupName(), p.getStepsPercent(),
                p.getStepIntervalMillis(), p.getValidationWindowMillis(), p.getBaselineWindowMillis(),
                p.getShadowRunMillis(), p.getValidationPeriodMillis(), p.getManualGates(), p.getOnDemandBase(),
                p.getAllocationStrategy(), p.getInstanceTypes(), p.getFallbackInstanceType(), p.getTargetCapacity(),
                p.getCheckpointLocation(), baseline(p.getDeclaredBaseline()), rules(p.getSpotRules()),
                c == null ? null : new SuccessCriteria(c.getMinJobCompletionRatePercent(),
                        c.getMaxProcessingTimeIncreasePercent(), c.getMinCostSavingsPercent(),
                        c.getOnMissed() == null ? null : SuccessCriteria.OnMissed.valueOf(c.getOnMissed())),
                t == null ? null : new StepTimings(t.getValidationWindowsMillis(), t.getStepIntervalsMillis()),
                sc == null ? null : new Scaling(sc.getMinSize(), sc.getMaxSize(), sc.getScaleOutCpuPercent(),
                        sc.getScaleOutAfterMillis(), sc.getScaleInCpuPercent(), sc.getScaleInAfterMillis()),
                p.getBackup() == null ? null : new PlanSpec.Backup(p.getBackup().getRegion(),
                        p.getBackup().getGroupName()),
                p.getWave() == null ? null : new PlanSpec.Wave(p.getWave().getIndex(), p.getWave().getCount(),
                        p.getWave().getName(), p.getWave().getAfter(), p.getWave().getNext()));
    }

    private static SpotRulesState rules(SpotRules r) {
        return new SpotRulesState(r.maxInterruptionRatePercent(), r.maxPriceVariationPercent(),
                r.priceLookbackMillis(), r.returnToSpotHoldMillis(), r.maxPriceMicros(),
                r.maxPriceFractionOfOnDemand(), r.minCostEfficiencyPercent(), r.returnAfterRollback());
    }

    private static SpotRules rules(SpotRulesState r) {
        return r == null ? null : new SpotRules(r.getMaxInterruptionRatePercent(), r.getMaxPriceVariationPercent(),
                r.getPriceLookbackMillis(), r.getReturnToSpotHoldMillis(), r.getMaxPriceMicros(),
                r.getMaxPriceFractionOfOnDemand(), r.getMinCostEfficiencyPercent(), r.getReturnAfterRollback());
    }

    private static BaselineFiguresState baseline(BaselineFigures b) {
        return b == null ? null : new BaselineFiguresState(b.jobCompletionMillis(), b.errorRatePercent(),
                b.costPerJobMicros(), b.cpuUtilisationPercent(), b.jobsPerHour(), b.samples(), b.measured());
    }

    private static BaselineFigures baseline(BaselineFiguresState b) {
        return b == null ? null : new BaselineFigures(b.getJobCompletionMillis(), b.getErrorRatePercent(),
                b.getCostPerJobMicros(), b.getCpuUtilisationPercent(), b.getJobsPerHour(), b.getSamples(),
                b.getMeasured());
    }

    private static MetricTotalsState totals(MetricTotals m) {
        return m == null ? null : new MetricTotalsState(m.samples(), m.jobsCompleted(), m.jobsFailed(),
                m.jobMillisSum(), m.cpuSum(), m.costMicros(), m.onDemandCostMicros(), m.intervalMillis(),
                m.inconsistencies());
    }

    private static MetricTotals totals(MetricTotalsState m) {
        return m == null ? null : new MetricTotals(m.getSamples(), m.getJobsCompleted(), m.getJobsFailed(),
                m.getJobMillisSum(), m.getCpuSum(), m.getCostMicros(), m.getOnDemandCostMicros(),
                m.getIntervalMillis(), m.getInconsistencies());
    }

    private static SpotWatchState spot(SpotWatch w) {
        Failover f = w.failover();
        return new SpotWatchState(map(w.interruptions(), RolloutStateMapping::interruption), w.hits(),
                w.droppedTypes(), nanos(w.fallbackAt()), w.lastGoodStep(), nanos(w.healthySince()), w.returns(),
                w.survived(), nanos(w.priceCalmSince()), nanos(w.priceReturnAt()),
                f == null ? null : new FailoverState(f.phase().name(), f.region(), f.groupName(), f.stepIndex(),
                        f.spotPercent(), f.commandIds(), nanos(f.startedAt()), f.why(), f.failures(), f.instances()),
                name(w.clearing()));
    }

    private static SpotWatch spot(SpotWatchState w, GroupSnapshot backupBefore) {
        if (w == null) {
            return null; // the domain reads a missing watch as the empty one
        }
        FailoverState f = w.getFailover();
        MarketFallback market = new MarketFallback(w.getHits(), w.getDroppedTypes(),
                instant(w.getFallbackAtEpochNanos()), w.getLastGoodStep(), instant(w.getHealthySinceEpochNanos()));
        PriceHold price = new PriceHold(instant(w.getPriceCalmSinceEpochNanos()),
                instant(w.getPriceReturnAtEpochNanos()),
                w.getClearing() == null ? null : RollbackTrigger.valueOf(w.getClearing()));
        return new SpotWatch(map(w.getInterruptions(), RolloutStateMapping::interruption), w.getSurvived(), market,
                price, w.getReturns(),
                f == null ? null : new Failover(Failover.Phase.valueOf(f.getPhase()), f.getRegion(), f.getGroupName(),
                        f.getStepIndex(), f.getSpotPercent(), f.getCommandIds(), instant(f.getStartedAtEpochNanos()),
                        f.getWhy(), f.getFailures(), f.getInstances(), backupBefore));
    }

    private static InterruptionState interruption(Interruption i) {
        Interruption.Checkpoint c = i.checkpoint();
        Interruption.Replacement r = i.replacement();
        return new InterruptionState(i.warningId(), i.instanceId(), i.instanceType(), i.availabilityZone(),
                i.warned(), nanos(i.deadline()), i.commandId(), i.location(),
                c == null ? null : new CheckpointState(c.location(), c.sizeBytes(), c.sha256()), i.problem(),
                r == null ? null : new ReplacementState(r.instanceId(), r.instanceType(), r.availabilityZone(),
                        r.spot()),
                i.fallback(), i.done());
    }

    private static Interruption interruption(InterruptionState i) {
        CheckpointState c = i.getCheckpoint();
        ReplacementState r = i.getReplacement();
        return new Interruption(i.getWarningId(), i.getInstanceId(), i.getInstanceType(), i.getAvailabilityZone(),
                i.getWarned(), instant(i.getDeadlineEpochNanos()), i.getCommandId(), i.getLocation(),
                c == null ? null : new Interruption.Checkpoint(c.getLocation(), c.getSizeBytes(), c.getSha256()),
                i.getProblem(),
                r == null ? null : new Interruption.Replacement(r.getInstanceId(), r.getInstanceType(),
                        r.getAvailabilityZone(), r.getSpot()),
                i.getFallback(), i.getDone());
    }

    private static UnwindState unwind(Unwind u) {
        return u == null ? null : new UnwindState(name(u.outcome()), u.reason(), nanos(u.since()), u.failures(),
                u.lastError(), map(u.steps(), p -> new ProcedureStepState(p.step(), p.durationMillis(),
                        p.boundMillis(), p.detail())), u.verifying());
    }

    private static Unwind unwind(UnwindState u) {
        return u == null ? null : new Unwind(stage(u.getOutcome()), u.getReason(), instant(u.getSinceEpochNanos()),
                u.getFailures(), u.getLastError(), map(u.getSteps(), p -> new ProcedureStep(p.getStep(),
                        p.getDurationMillis(), p.getBoundMillis(), p.getDetail())), u.getVerifying());
    }

    private static GroupSnapshotState group(GroupSnapshot g) {
        return g == null ? null : new GroupSnapshotState(g.min(), g.max(), g.desired(), g.mixedInstancesPolicy(),
                g.onDemandBase(), g.onDemandPercentAboveBase(), g.allocationStrategy(), g.spotMaxPrice(),
                g.onDemandAllocationStrategy(), g.launchTemplateId(), g.launchTemplateName(),
                g.launchTemplateVersion(), g.instanceTypes());
    }

    private static GroupSnapshot group(GroupSnapshotState g) {
        return g == null ? null : new GroupSnapshot(g.getMin(), g.getMax(), g.getDesired(),
                g.getMixedInstancesPolicy(), g.getOnDemandBase(), g.getOnDemandPercentAboveBase(),
                g.getAllocationStrategy(), g.getSpotMaxPrice(), g.getOnDemandAllocationStrategy(),
                g.getLaunchTemplateId(), g.getLaunchTemplateName(), g.getLaunchTemplateVersion(),
                g.getInstanceTypes());
    }

    private static <A, B> List<B> map(List<A> in, Function<A, B> f) {
        return in.stream().map(f).toList();
    }

    private static String name(Enum<?> e) {
        return e == null ? null : e.name();
    }

    private static Stage stage(String name) {
        return name == null ? null : Stage.valueOf(name);
    }

    static Long nanos(Instant t) {
        return t == null ? null : t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    static Instant instant(Long nanos) {
        return nanos == null ? null : Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
                Math.floorMod(nanos, 1_000_000_000L));
    }
}
