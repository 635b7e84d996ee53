package dev.spotshift.bridge.domain;

import dev.spotshift.cloud.ShadowMismatchLog;
import java.util.List;

/**
 * The numbers of one MetricSample of a plan; money in micro-USD over the interval. {@code shadow}: the plan's shadow
 * run (its shadow capacity's jobs and cost), with {@code dataInconsistencies} jobs whose output differed, and of those
 * the ones the workload's records name ({@code mismatches}: CloudWatch counts, the records name).
 */
public record SampleFigures(String planId, long intervalMillis, int jobsCompleted, int jobsFailed, long meanJobMillis,
                            double cpuPercent, long costMicros, long onDemandCostMicros, int spotPercent,
                            boolean shadow, int dataInconsistencies, List<ShadowMismatchLog.Mismatch> mismatches) {

    public SampleFigures {
        mismatches = mismatches == null ? List.of() : List.copyOf(mismatches);
    }

    /** The serving capacity's figures. */
    public SampleFigures(String planId, long intervalMillis, int jobsCompleted, int jobsFailed, long meanJobMillis,
                         double cpuPercent, long costMicros, long onDemandCostMicros, int spotPercent) {
        this(planId, intervalMillis, jobsCompleted, jobsFailed, meanJobMillis, cpuPercent, costMicros,
                onDemandCostMicros, spotPercent, false, 0, List.of());
    }

    /**
     * The same figures naming the jobs that differed. The count stays the larger of the two: a record the workload
     * could not write must not hide a mismatch CloudWatch counted, nor a count lag hide a named one.
     */
    public SampleFigures withMismatches(List<ShadowMismatchLog.Mismatch> named) {
        return new SampleFigures(planId, intervalMillis, jobsCompleted, jobsFailed, meanJobMillis, cpuPercent,
                costMicros, onDemandCostMicros, spotPercent, shadow, Math.max(dataInconsistencies, named.size()), named);
    }
}
