package dev.spotshift.executor.domain;

import java.util.List;

/**
 * What the rollout has read of the workload and its group: pre-flight's answers, the sums of the window being
 * watched (baseline, shadow run, validation period), the baseline they are judged against, and the group as
 * pre-flight first read it.
 *
 * @param preflight      the cloud probes' results, null while they have not answered
 * @param monitoringSeen a metric sample of the plan arrived during pre-flight
 * @param observed       sums of the current observation window
 * @param baseline       the figures the steps are judged against, null before the baseline is captured
 * @param groupBefore    the group as pre-flight read it before any change: what a full rollback restores
 */
public record Readings(List<PreflightCheck> preflight, boolean monitoringSeen, MetricTotals observed,
                       BaselineFigures baseline, GroupSnapshot groupBefore) {

    /** Nothing read yet. */
    public static final Readings NONE = new Readings(null, false, MetricTotals.EMPTY, null, null);

    public Readings {
        preflight = preflight == null ? null : List.copyOf(preflight);
    }
}
