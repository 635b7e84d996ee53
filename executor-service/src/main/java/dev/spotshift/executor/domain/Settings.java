package dev.spotshift.executor.domain;

/**
 * Executor-wide knobs (the plan carries the per-migration ones).
 *
 * @param gateGraceMillis       how long after a gate's due time a missing verdict is tolerated before holding
 * @param monitoringWaitMillis  how long pre-flight waits for the first metric of the workload
 * @param maxRejudges           INCONCLUSIVE verdicts re-judged before one counts as FAIL
 * @param processedIdsKept      how many handled event ids are remembered per plan for idempotency
 */
public record Settings(long gateGraceMillis, long monitoringWaitMillis, int maxRejudges, int processedIdsKept,
                       SpotSettings spot, boolean rollbackProcedure) {

    /**
     * Without seed 000's rollback procedure: a full rollback ends once the group reads back on-demand, without
     * waiting for a healthy sample (what the domain's other tests drive).
     */
    public Settings(long gateGraceMillis, long monitoringWaitMillis, int maxRejudges, int processedIdsKept,
                    SpotSettings spot) {
        this(gateGraceMillis, monitoringWaitMillis, maxRejudges, processedIdsKept, spot, false);
    }

    public Settings(long gateGraceMillis, long monitoringWaitMillis, int maxRejudges, int processedIdsKept) {
        this(gateGraceMillis, monitoringWaitMillis, maxRejudges, processedIdsKept, SpotSettings.defaults());
    }

    public static Settings defaults() {
        return new Settings(30_000, 120_000, 1, 500, SpotSettings.defaults(), true);
    }
}
