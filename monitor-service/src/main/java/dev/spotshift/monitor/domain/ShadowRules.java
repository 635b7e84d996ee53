package dev.spotshift.monitor.domain;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Seed 000's shadow run (compare_outputs, error_threshold 0; validate_performance: processing time <= baseline + 5 %).
 * A job whose output on the shadow spot capacity differs from its serving on-demand output is a data inconsistency,
 * the immediate trigger that sends everything back to on-demand. Shadow jobs slower than the plan's gate allows over
 * the baseline ({@link Limits#gateProcessingTimeIncreasePercent()}) fail the shadow phase the same way: spot that
 * cannot keep the batch's time must not take it over. Judged on each shadow sample alone: a shadow sample serves no
 * one, so it feeds no other rule.
 */
public final class ShadowRules {

    private ShadowRules() {}

    /** One job whose outputs differed, with the SHA-256 of each. */
    public record Mismatch(String jobId, String spotChecksum, String onDemandChecksum) {}

    /** Without a baseline the job time cannot be judged (the executor holds such a plan before its shadow run). */
    public static Optional<Breach> judge(Limits limits, BaselineFigures baseline, Sample shadowSample,
                                         List<Mismatch> mismatches) {
        Optional<Breach> inconsistency = inconsistency(limits, shadowSample, mismatches);
        return inconsistency.isPresent() ? inconsistency : processingTime(limits, baseline, shadowSample);
    }

    private static Optional<Breach> inconsistency(Limits limits, Sample shadowSample, List<Mismatch> mismatches) {
        int count = Math.max(shadowSample.dataInconsistencies(), mismatches.size());
        if (!limits.rollbackOnDataInconsistency() || count == 0) {
            return Optional.empty();
        }
        StringBuilder reason = new StringBuilder().append(count).append(" shadow output mismatch")
                .append(count == 1 ? "" : "es").append(" in sample ").append(shadowSample.sampleId());
        for (Mismatch m : mismatches) {
            reason.append("; job ").append(m.jobId()).append(": spot output checksum ").append(m.spotChecksum())
                    .append(", on-demand output checksum ").append(m.onDemandChecksum());
        }
        return Optional.of(new Breach(Breach.Trigger.DATA_INCONSISTENCY, Breach.Level.FULL,
                shadowSample.coveredFromMillis(), shadowSample.atMillis(),
                List.of(Check.equalsZero("shadow_output_mismatches", count)), shadowSample.sampleId(), reason.toString()));
    }

    private static Optional<Breach> processingTime(Limits limits, BaselineFigures baseline, Sample shadowSample) {
        if (baseline == null || baseline.jobCompletionMillis() <= 0 || shadowSample.jobsCompleted() <= 0) {
            return Optional.empty();
        }
        double increase = limits.gateProcessingTimeIncreasePercent();
        double bound = baseline.jobCompletionMillis() * (1 + increase / 100);
        Check check = Check.atMost("shadow_mean_job_millis", shadowSample.meanJobMillis(), bound,
                (double) baseline.jobCompletionMillis());
        if (check.passed()) {
            return Optional.empty();
        }
        String reason = String.format(Locale.ROOT,
                "shadow run: processing time %d ms over %d jobs in sample %s exceeds the bound %.0f ms"
                        + " (baseline %d ms + %s %%)", shadowSample.meanJobMillis(), shadowSample.jobsCompleted(),
                shadowSample.sampleId(), bound, baseline.jobCompletionMillis(), percent(increase));
        return Optional.of(new Breach(Breach.Trigger.PERFORMANCE_DEGRADATION, Breach.Level.FULL,
                shadowSample.coveredFromMillis(), shadowSample.atMillis(), List.of(check), shadowSample.sampleId(),
                reason));
    }

    private static String percent(double p) {
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
    }
}
