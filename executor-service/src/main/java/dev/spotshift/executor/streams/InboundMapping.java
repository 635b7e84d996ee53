package dev.spotshift.executor.streams;

import dev.spotshift.events.AllocationStrategy;
import dev.spotshift.events.Baseline;
import dev.spotshift.events.GateVerdict;
import dev.spotshift.events.InterruptionKind;
import dev.spotshift.events.KillSwitch;
import dev.spotshift.events.SpotInterruptionWarning;
import dev.spotshift.events.WorkloadAction;
import dev.spotshift.events.WorkloadReport;
import dev.spotshift.events.MetricSample;
import dev.spotshift.events.MigrationDecision;
import dev.spotshift.events.MigrationFinished;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.OperatorCommand;
import dev.spotshift.events.RollbackCommand;
import dev.spotshift.executor.domain.BaselineFigures;
import dev.spotshift.executor.domain.GateResult;
import dev.spotshift.executor.domain.Input;
import dev.spotshift.executor.domain.OperatorAction;
import dev.spotshift.executor.domain.PlanSpec;
import dev.spotshift.executor.domain.RollbackLevel;
import dev.spotshift.executor.domain.RollbackTrigger;
import dev.spotshift.executor.domain.SpotRules;
import dev.spotshift.executor.domain.StepTimings;
import dev.spotshift.executor.domain.SuccessCriteria;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/** Contract events in, domain inputs out. Anything the domain cannot act on maps to empty, with the reason logged by the caller. */
final class InboundMapping {

    private InboundMapping() {}

    static Optional<Input> toInput(SpecificRecord event) {
        if (event instanceof MigrationDecision d) {
            return Optional.of(new Input.PlanApproved(d.getEnvelope().getEventId(), plan(d)));
        }
        if (event instanceof GateVerdict v && (v.getScope() == dev.spotshift.events.GateScope.VALIDATION_PERIOD
                || v.getScope() == dev.spotshift.events.GateScope.SHADOW_PHASE)) {
            return Optional.of(new Input.CriteriaJudged(v.getEnvelope().getEventId(),
                    GateResult.valueOf(v.getResult().name()),
                    v.getReasons().stream().map(r -> r.getCode() + ": " + r.getMessage()).toList(),
                    v.getScope() == dev.spotshift.events.GateScope.SHADOW_PHASE
                            ? Input.CriteriaJudged.Period.SHADOW_RUN : Input.CriteriaJudged.Period.VALIDATION));
        }
        if (event instanceof GateVerdict v) {
            return Optional.of(new Input.VerdictReceived(v.getEnvelope().getEventId(), v.getStepIndex(),
                    GateResult.valueOf(v.getResult().name()),
                    v.getReasons().stream().map(r -> r.getCode() + ": " + r.getMessage()).toList()));
        }
        if (event instanceof RollbackCommand r) {
            return Optional.of(new Input.RollbackOrdered(r.getEnvelope().getEventId(), r.getCommandId(), level(r),
                    RollbackTrigger.valueOf(r.getTrigger().name()), r.getReason(), r.getEnvelope().getOccurredAt()));
        }
        if (event instanceof OperatorCommand o) {
            return action(o).map(a -> new Input.OperatorActed(o.getEnvelope().getEventId(), a, o.getGateStepIndex(),
                    o.getOperator(), o.getReason()));
        }
        if (event instanceof MetricSample m) {
            return Optional.of(new Input.MetricObserved(m.getEnvelope().getEventId(), m.getShadow(),
                    m.getJobsCompleted(), m.getJobsFailed(), m.getMeanJobMillis(), m.getCpuUtilisationPercent(),
                    m.getCostMicros(), m.getOnDemandCostMicros(), m.getIntervalMillis(), m.getDataInconsistencies(),
                    m.getSpotPercent()));
        }
        if (event instanceof KillSwitch k) {
            return Optional.of(killSwitch(k));
        }
        if (event instanceof SpotInterruptionWarning w) {
            return warning(w);
        }
        if (event instanceof dev.spotshift.events.CloudOutcome o) {
            return CloudCommandMapping.toInput(o);
        }
        if (event instanceof dev.spotshift.events.RolloutEvent e && e.getPayload() instanceof MigrationFinished f) {
            return Optional.of(new Input.WaveFinished(e.getEnvelope().getEventId(), e.getEnvelope().getPlanId(),
                    stage(f.getOutcome())));
        }
        if (event instanceof WorkloadReport r && r.getAction() == WorkloadAction.CHECKPOINT) {
            return Optional.of(new Input.CheckpointReported(r.getEnvelope().getEventId(), r.getCommandId(),
                    r.getSucceeded(), r.getLocation(), r.getSizeBytes(), r.getSha256(), r.getError()));
        }
        return Optional.empty();
    }

    /** An end this executor has no stage for is no COMPLETED: the wave after it does not start on it. */
    private static dev.spotshift.executor.domain.Stage stage(dev.spotshift.events.MigrationStage outcome) {
        try {
            return dev.spotshift.executor.domain.Stage.valueOf(outcome.name());
        } catch (IllegalArgumentException e) {
            return dev.spotshift.executor.domain.Stage.FAILED;
        }
    }

    /** An unknown kind is neither a warning nor a recommendation the executor can act on. */
    private static Optional<Input> warning(SpotInterruptionWarning w) {
        if (w.getKind() == InterruptionKind.UNKNOWN_KIND) {
            return Optional.empty();
        }
        return Optional.of(new Input.InterruptionWarned(w.getEnvelope().getEventId(),
                w.getKind() == InterruptionKind.INTERRUPTION_WARNING, w.getInstanceId(), w.getInstanceType(),
                w.getAvailabilityZone(), w.getNoticeAt(), w.getDeadline()));
    }

    static Input.KillSwitchChanged killSwitch(KillSwitch k) {
        return new Input.KillSwitchChanged(k.getEnvelope().getEventId(), k.getEngaged(), k.getOperator(), k.getReason());
    }

    /** A level this executor does not know is taken as the safest one: everything back on-demand. */
    private static RollbackLevel level(RollbackCommand r) {
        return switch (r.getLevel()) {
            case STEP -> RollbackLevel.STEP;
            case PHASE -> RollbackLevel.PHASE;
            case HOLD -> RollbackLevel.HOLD;
            default -> RollbackLevel.FULL;
        };
    }

    private static Optional<OperatorAction> action(OperatorCommand o) {
        return switch (o.getAction()) {
            // RETRY lifts a quarantine, which the processor handles itself: no domain input
            case UNKNOWN_ACTION, RETRY -> Optional.empty();
            default -> Optional.of(OperatorAction.valueOf(o.getAction().name()));
        };
    }

    static PlanSpec plan(MigrationDecision d) {
        MigrationPlan p = d.getPlan();
        var w = p.getWorkload();
        var r = p.getRollout();
        var types = d.getInstanceTypes().isEmpty() ? p.getSpot().getInstanceTypes() : d.getInstanceTypes();
        return new PlanSpec(d.getEnvelope().getPlanId(), w.getName(), mode(p), w.getRegion(),
                w.getAutoScalingGroupName(), r.getStepsPercent(), r.getStepIntervalMillis(),
                r.getValidationWindowMillis(), r.getBaselineWindowMillis(), r.getShadowRunMillis(),
                r.getValidationPeriodMillis(), r.getManualGates(), p.getSpot().getOnDemandBaseCapacity(),
                strategy(p.getSpot().getAllocationStrategy()), types, w.getFallbackInstanceType(),
                p.getSpot().getTargetCapacity(), p.getCheckpoint().getLocation(), baseline(w.getBaseline()),
                new SpotRules(p.getMarket().getMaxInterruptionRatePercent(), p.getMarket().getMaxPriceVariationPercent(),
                        p.getMarket().getPriceLookbackMillis(), r.getReturnToSpotHoldMillis(),
                        p.getSpot().getMaxPriceMicros(), p.getSpot().getMaxPriceFractionOfOnDemand(),
                        p.getThresholds().getMinCostEfficiencyPercent(), r.getReturnToSpotAfterRollback()),
                criteria(p.getSuccess()), new StepTimings(r.getValidationWindowsMillis(), r.getStepIntervalsMillis()),
                scaling(p), w.getBackupRegion() == null || w.getBackupAutoScalingGroupName() == null ? null
                        : new PlanSpec.Backup(w.getBackupRegion(), w.getBackupAutoScalingGroupName()), wave(p));
    }

    /** The plan's wave as submission linked it (planIds of the waves before and after); null outside waves. */
    static PlanSpec.Wave wave(MigrationPlan p) {
        var w = p.getWave();
        return w == null ? null : new PlanSpec.Wave(w.getIndex(), w.getCount(), w.getName(), w.getAfter(), w.getNext());
    }

    /** The plan's autoscaling section with its spot section's size bounds; null when the plan has none. */
    static dev.spotshift.executor.domain.Scaling scaling(MigrationPlan p) {
        var a = p.getAutoscaling();
        return a == null ? null : new dev.spotshift.executor.domain.Scaling(p.getSpot().getMinCapacity(),
                p.getSpot().getMaxCapacity(), a.getScaleOutCpuPercent(), a.getScaleOutAfterMillis(),
                a.getScaleInCpuPercent(), a.getScaleInAfterMillis());
    }

    static SuccessCriteria criteria(dev.spotshift.events.SuccessCriteria s) {
        SuccessCriteria.OnMissed onMissed = s.getOnCriteriaMissed() == dev.spotshift.events.CriteriaMissedAction.KEEP
                ? SuccessCriteria.OnMissed.KEEP : SuccessCriteria.OnMissed.ROLLBACK;
        return new SuccessCriteria(s.getMinJobCompletionRatePercent(), s.getMaxProcessingTimeIncreasePercent(),
                s.getMinCostSavingsPercent(), onMissed);
    }

    /** A mode this executor does not know must not touch capacity: it runs as a dry run. */
    private static PlanSpec.Mode mode(MigrationPlan p) {
        return switch (p.getMode()) {
            case LIVE -> PlanSpec.Mode.LIVE;
            case SHADOW -> PlanSpec.Mode.SHADOW;
            default -> PlanSpec.Mode.DRY_RUN;
        };
    }

    /** The spelling the Auto Scaling API (and the cloud port) uses: capacity-optimized, price-capacity-optimized... */
    private static String strategy(AllocationStrategy s) {
        return s == AllocationStrategy.UNKNOWN_STRATEGY ? "capacity-optimized" : s.name().toLowerCase().replace('_', '-');
    }

    private static BaselineFigures baseline(Baseline b) {
        return b == null ? null : new BaselineFigures(b.getJobCompletionMillis(), b.getErrorRatePercent(),
                b.getCostPerJobMicros(), b.getCpuUtilisationPercent(), b.getJobsPerHour(), b.getSamples(),
                b.getMeasured());
    }
}
