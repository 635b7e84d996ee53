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
        return PlanSpec.builder().planId("plan-1").workload("nightly_etl_batch").mode(PlanSpec.Mode.LIVE)
                .region("us-east-1").groupName("etl-asg").stepsPercent(steps).stepIntervalMillis(INTERVAL_MS)
                .validationWindowMillis(WINDOW_MS).baselineWindowMillis(BASELINE_MS).validationPeriodMillis(VALIDATION_MS)
                .allocationStrategy("capacity-optimized").instanceTypes(List.of("m5.large", "m5a.large", "m5n.large"))
                .fallbackInstanceType("m5.large").targetCapacity(1).checkpointLocation("s3://backup-bucket/spot-state/")
                .declaredBaseline(new BaselineFigures(600_000, 0.0, 40_000, 55.0, 6.0, 0, false)).build();
    }

    /** The pilot with a backup group in us-east-2: where a storm across us-east-1 moves the spot share. */
    static PlanSpec withBackup() {
        return pilot().toBuilder().backup(new PlanSpec.Backup("us-east-2", "etl-asg-backup")).build();
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
        return p.toBuilder().spotRules(rules).build();
    }

    static PlanSpec withManualGate(int step) {
        return pilot().toBuilder().manualGates(List.of(step)).build();
    }

    static PlanSpec inMode(PlanSpec.Mode mode, long shadowRunMillis) {
        return pilot().toBuilder().mode(mode).shadowRunMillis(shadowRunMillis).build();
    }

    static PlanSpec withoutDeclaredBaseline() {
        return pilot().toBuilder().declaredBaseline(null).build();
    }

    /** The backup group as its pre-flight reads it: empty (0/0/1), all on-demand, its own template. */
    static GroupSnapshot backupGroup() {
        return new GroupSnapshot(0, 1, 0, true, 0, 100, "capacity-optimized", null, "prioritized", "lt-backup", null,
                "$Latest", List.of("m5.large"));
    }

    static List<PreflightCheck> allProbesPass() {
        return List.of(
                PreflightCheck.passed(PreflightCheck.BACKUP_TARGET_WRITABLE, "probe object written and deleted"),
                PreflightCheck.passed(PreflightCheck.STATE_PERSISTENCE_READY, "checkpoint location configured"),
                PreflightCheck.passed(PreflightCheck.ON_DEMAND_CAPACITY_AVAILABLE, "1 x m5.large available"),
                PreflightCheck.passed(PreflightCheck.FAILBACK_READY, "group etl-asg found"));
    }
}
