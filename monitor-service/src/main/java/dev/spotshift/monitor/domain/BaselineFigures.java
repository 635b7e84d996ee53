package dev.spotshift.monitor.domain;

/** What the workload did on on-demand before the shift; the reference of every relative rule. */
public record BaselineFigures(
        long jobCompletionMillis,
        double errorRatePercent,
        long costPerJobMicros,
        double cpuPercent,
        boolean measured) {
}
