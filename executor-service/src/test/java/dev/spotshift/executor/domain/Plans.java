package dev.spotshift.executor.domain;

import java.util.List;

/** Plans the domain tests run: the seed's 25/50/75/100 in seconds, and variations of it. */
final class Plans {

    static final long BASELINE_MS = 60_000;
    static final long INTERVAL_MS = 60_000;
    static final long WINDOW_MS = 30_000;
    static final long VALIDATION_MS = 120_000;

    private Plans() {}

    static PlanSpec pilot() {
        return pilot(List.of(25, 50, 75, 100));
    }

    static PlanSpec pilot(List<Integer> steps) {
        return new PlanSpec("plan-1", "nightly_etl_batch", PlanSpec.Mode.LIVE, "us-east-1", "etl-asg", steps,
                INTERVAL_MS, WINDOW_MS, BASELINE_MS, 0, VALIDATION_MS, List.of(), 0, "capacity-optimized",
                List.of("m5.large", "m5a.large", "m5n.large"), "m5.large", 1, "s3://backup-bucket/spot-state/",
                new BaselineFigures(600_000, 0.0, 40_000, 55.0, 6.0, 0, false));
    }

    /** The pilot with a backup group in us-east-2: where a storm across us-east-1 moves the spot share. */
    static PlanSpec withBackup() {
        PlanSpec p = pilot();
        return new PlanSpec(p.planId(), p.workload(), p.mode(), p.region(), p.groupName(), p.stepsPercent(),
                p.stepIntervalMillis(), p.validationWindowMillis(), p.baselineWindowMillis(), p.shadowRunMillis(),
                p.validationPeriodMillis(), p.manualGates(), p.onDemandBase(), p.allocationStrategy(),
                p.instanceTypes(), p.fallbackInstanceType(), p.targetCapacity(), p.checkpointLocation(),
                p.declaredBaseline(), p.spotRules(), p.criteria(), p.stepTimings(), p.scaling(),
                new PlanSpec.Backup("us-east-2", "etl-asg-backup"));
    }

    /** The pilot, opted out of returning to spot by itself after a rollback. */
    static PlanSpec optedOutOfReturns() {
        SpotRules r = pilot().spotRules();
        return withSpotRules(pilot(), new SpotRules(r.maxInterruptionRatePercent(), r.maxPriceVariationPercent(),
                r.priceLookbackMillis(), r.returnToSpotHoldMillis(), r.maxPriceMicros(),
                r.maxPriceFractionOfOnDemand(), r.minCostEfficiencyPercent(), false));
    }

    /** {@code p} with other spot rules, everything else as it is. */
    static PlanSpec withSpotRules(PlanSpec p, SpotRules rules) {
        return new PlanSpec(p.planId(), p.workload(), p.mode(), p.region(), p.groupName(), p.stepsPercent(),
                p.stepIntervalMillis(), p.validationWindowMillis(), p.baselineWindowMillis(), p.shadowRunMillis(),
                p.validationPeriodMillis(), p.manualGates(), p.onDemandBase(), p.allocationStrategy(),
                p.instanceTypes(), p.fallbackInstanceType(), p.targetCapacity(), p.checkpointLocation(),
                p.declaredBaseline(), rules, p.criteria(), p.stepTimings(), p.scaling(), p.backup());
    }

    static PlanSpec withManualGate(int step) {
        PlanSpec p = pilot();
        return new PlanSpec(p.planId(), p.workload(), p.mode(), p.region(), p.groupName(), p.stepsPercent(),
                p.stepIntervalMillis(), p.validationWindowMillis(), p.baselineWindowMillis(), p.shadowRunMillis(),
                p.validationPeriodMillis(), List.of(step), p.onDemandBase(), p.allocationStrategy(), p.instanceTypes(),
                p.fallbackInstanceType(), p.targetCapacity(), p.checkpointLocation(), p.declaredBaseline());
    }

    static PlanSpec inMode(PlanSpec.Mode mode, long shadowRunMillis) {
        PlanSpec p = pilot();
        return new PlanSpec(p.planId(), p.workload(), mode, p.region(), p.groupName(), p.stepsPercent(),
                p.stepIntervalMillis(), p.validationWindowMillis(), p.baselineWindowMillis(), shadowRunMillis,
                p.validationPeriodMillis(), p.manualGates(), p.onDemandBase(), p.allocationStrategy(),
                p.instanceTypes(), p.fallbackInstanceType(), p.targetCapacity(), p.checkpointLocation(),
                p.declaredBaseline());
    }

    static PlanSpec withoutDeclaredBaseline() {
        PlanSpec p = pilot();
        return new PlanSpec(p.planId(), p.workload(), p.mode(), p.region(), p.groupName(), p.stepsPercent(),
                p.stepIntervalMillis(), p.validationWindowMillis(), p.baselineWindowMillis(), p.shadowRunMillis(),
                p.validationPeriodMillis(), p.manualGates(), p.onDemandBase(), p.allocationStrategy(),
                p.instanceTypes(), p.fallbackInstanceType(), p.targetCapacity(), p.checkpointLocation(), null);
    }

    static List<PreflightCheck> allProbesPass() {
        return List.of(
                PreflightCheck.passed(PreflightCheck.BACKUP_TARGET_WRITABLE, "probe object written and deleted"),
                PreflightCheck.passed(PreflightCheck.STATE_PERSISTENCE_READY, "checkpoint location configured"),
                PreflightCheck.passed(PreflightCheck.ON_DEMAND_CAPACITY_AVAILABLE, "1 x m5.large available"),
                PreflightCheck.passed(PreflightCheck.FAILBACK_READY, "group etl-asg found"));
    }
}
