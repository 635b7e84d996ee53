package dev.spotshift.audit;

import dev.spotshift.events.MetricSample;
import java.util.Locale;

/** The numbers of one workload metric sample, in the units the plan's thresholds use. */
final class MetricFigures {

    static final String ERROR_RATE = "errorRatePercent";
    static final String JOB_MILLIS = "meanJobMillis";
    static final String CPU = "cpuUtilisationPercent";
    static final String SAVINGS = "savingsPercent";

    private MetricFigures() {}

    static void describe(MetricSample e, EventDraft d) {
        int jobs = e.getJobsCompleted() + e.getJobsFailed();
        double errorRate = jobs == 0 ? 0.0 : 100.0 * e.getJobsFailed() / jobs;
        double savings = e.getOnDemandCostMicros() == 0 ? 0.0
                : 100.0 * (e.getOnDemandCostMicros() - e.getCostMicros()) / e.getOnDemandCostMicros();
        d.label("instanceId", e.getInstanceId()).label("shadow", e.getShadow())
                .number("jobsCompleted", e.getJobsCompleted()).number("jobsFailed", e.getJobsFailed())
                .number(ERROR_RATE, errorRate).number(JOB_MILLIS, e.getMeanJobMillis())
                .number(CPU, e.getCpuUtilisationPercent()).number("costMicros", e.getCostMicros())
                .number("onDemandCostMicros", e.getOnDemandCostMicros()).number(SAVINGS, savings)
                .number("samplePercentOnSpot", e.getSpotPercent())
                .number("dataInconsistencies", e.getDataInconsistencies())
                .summary(String.format(Locale.ROOT, "sample at %d %% spot: %d jobs, %d failed (%.3f %%), mean %d ms,"
                                + " cpu %.0f %%%s", e.getSpotPercent(), e.getJobsCompleted(), e.getJobsFailed(), errorRate,
                        e.getMeanJobMillis(), e.getCpuUtilisationPercent(), e.getShadow() ? ", shadow" : ""));
    }
}
