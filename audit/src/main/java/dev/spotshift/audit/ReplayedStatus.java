package dev.spotshift.audit;

import dev.spotshift.events.MigrationStage;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The status a plan's replayed events add up to, folded the way the contract describes
 * migration-status: stages before the rollout only move forward (votes and decisions travel on
 * different topics), the executor's rollout events state stage and spot share outright, and a
 * terminal stage stays. Written here, not borrowed from the monitor, so the two are checked against each other.
 */
public final class ReplayedStatus {

    public static final Set<MigrationStage> TERMINAL = EnumSet.of(MigrationStage.REJECTED, MigrationStage.DECLINED,
            MigrationStage.PREFLIGHT_FAILED, MigrationStage.COMPLETED, MigrationStage.CRITERIA_MISSED, MigrationStage.ROLLED_BACK,
            MigrationStage.ABORTED, MigrationStage.FAILED);
    private static final List<MigrationStage> BEFORE_ROLLOUT = List.of(MigrationStage.SUBMITTED,
            MigrationStage.ASSESSED, MigrationStage.VOTING, MigrationStage.APPROVED);

    private ReplayedStatus() {}

    public static StatusSnapshot fold(String planId, List<AuditEvent> timeline) {
        MigrationStage stage = MigrationStage.SUBMITTED;
        boolean terminal = false;
        int spot = 0;
        int rollbacks = 0;
        int interruptions = 0;
        double savingsPercent = 0.0;
        Instant at = Instant.EPOCH;
        String last = "";
        for (AuditEvent e : timeline) {
            if (e.type() == EventType.METRIC_SAMPLE || e.type() == EventType.KILL_SWITCH) {
                continue; // observations feed the monitor's numbers, not the stage
            }
            at = e.occurredAt();
            last = e.eventId();
            if (terminal || e.stage() == null) {
                continue;
            }
            if (isRollout(e)) {
                if (e.spotPercent() != null) {
                    spot = e.spotPercent();
                }
                if (e.stage() != MigrationStage.UNKNOWN_STAGE) {
                    stage = e.stage();
                }
                rollbacks += e.type() == EventType.ROLLED_BACK ? 1 : 0;
                interruptions += e.type() == EventType.REPLACEMENT_LAUNCHED ? 1 : 0;
                if (e.type() == EventType.MIGRATION_FINISHED && e.number("savingsPercent") != null) {
                    savingsPercent = e.number("savingsPercent");
                }
            } else if (TERMINAL.contains(e.stage())) {
                stage = e.stage();
            } else if (BEFORE_ROLLOUT.contains(stage)
                    && BEFORE_ROLLOUT.indexOf(stage) < BEFORE_ROLLOUT.indexOf(e.stage())) {
                stage = e.stage();
            }
            terminal = TERMINAL.contains(stage);
        }
        return new StatusSnapshot(planId, stage, terminal, spot, rollbacks, interruptions, 0L, savingsPercent, at, last);
    }

    private static boolean isRollout(AuditEvent e) {
        return e.spotPercent() != null;
    }
}
