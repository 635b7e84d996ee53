package dev.spotshift.audit;

import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.MigrationStatus;
import java.time.Instant;

/** The part of a plan's status the audit compares and summarises (from migration-status or folded from events). */
public record StatusSnapshot(String planId, MigrationStage stage, boolean terminal, int spotPercent, int rollbacks,
                             int interruptionsHandled, long savingsMicros, double savingsPercent, Instant updatedAt,
                             String lastEventId) {

    public static StatusSnapshot of(MigrationStatus s) {
        return new StatusSnapshot(s.getPlanId(), s.getStage(), s.getTerminal(), s.getSpotPercent(), s.getRollbacks(),
                s.getInterruptionsHandled(), s.getSavingsMicros(), s.getSavingsPercent(), s.getUpdatedAt(),
                s.getLastEventId());
    }
}
