package dev.spotshift.audit;

import dev.spotshift.events.Baseline;
import dev.spotshift.events.MigrationPlan;

/**
 * The limits a plan set for itself, carried on its submission so the report can draw each metric
 * against the line it must stay under.
 */
final class Thresholds {

    static final String ERROR_RATE = "threshold.errorRatePercent";
    static final String DEGRADATION = "threshold.degradationPercent";
    static final String GATE_TIME = "threshold.gateProcessingTimeIncreasePercent";
    static final String CPU = "threshold.maxCpuUtilisationPercent";
    static final String COST_EFFICIENCY = "threshold.minCostEfficiencyPercent";
    static final String BASELINE_JOB_MILLIS = "baseline.jobCompletionMillis";

    private Thresholds() {}

    static void describe(MigrationPlan plan, EventDraft d) {
        var t = plan.getThresholds();
        d.number(ERROR_RATE, t.getErrorRatePercent()).number(DEGRADATION, t.getDegradationPercent())
                .number(GATE_TIME, t.getGateProcessingTimeIncreasePercent()).number(CPU, t.getMaxCpuUtilisationPercent())
                .number(COST_EFFICIENCY, t.getMinCostEfficiencyPercent());
        Baseline b = plan.getWorkload().getBaseline();
        if (b != null) {
            d.number(BASELINE_JOB_MILLIS, b.getJobCompletionMillis());
        }
    }
}
