package dev.spotshift.executor.domain;

/**
 * What the workload does on on-demand: the numbers the monitor judges every step against.
 * {@code measured=false, samples=0} means the plan's declared figures were used because no samples arrived.
 */
public record BaselineFigures(long jobCompletionMillis, double errorRatePercent, long costPerJobMicros,
                              double cpuUtilisationPercent, double jobsPerHour, long samples, boolean measured) {
}
