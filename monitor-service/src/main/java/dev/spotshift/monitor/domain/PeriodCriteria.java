package dev.spotshift.monitor.domain;

/** A plan's success criteria (seed 001: job completion >= 99.9 %, processing time <= baseline + 10 %, savings >= 50 %). */
public record PeriodCriteria(double minJobCompletionRatePercent, double maxProcessingTimeIncreasePercent,
                             double minCostSavingsPercent) {
}
