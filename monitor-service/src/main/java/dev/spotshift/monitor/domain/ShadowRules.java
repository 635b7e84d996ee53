package dev.spotshift.monitor.domain;

import java.util.List;
import java.util.Optional;

/**
 * Seed 000's shadow run (compare_outputs, error_threshold 0): a job whose output on the shadow spot capacity differs
 * from its serving on-demand output is a data inconsistency, the immediate trigger that sends everything back to
 * on-demand, judged on each shadow sample as it comes. The run's other criteria (processing time, job success,
 * resource efficiency) are judged once over the whole run ({@link ShadowPhaseRules}): one slow interval is not a
 * slow run. A shadow sample serves no one, so it feeds no other rule.
 */
public final class ShadowRules {

    private ShadowRules() {}

    /** One job whose outputs differed, with the SHA-256 of each. */
    public record Mismatch(String jobId, String spotChecksum, String onDemandChecksum) {}

    public static Optional<Breach> judge(Limits limits, Sample shadowSample, List<Mismatch> mismatches) {
        return inconsistency(limits, shadowSample, mismatches);
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
}
