package dev.spotshift.coordinator.domain;

import dev.spotshift.events.AgentKind;
import dev.spotshift.events.CheckpointConfig;
import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.OpportunityAssessed;
import dev.spotshift.events.Workload;
import dev.spotshift.events.WorkloadKind;
import java.time.Duration;
import java.util.List;

/**
 * Can the application live with being reclaimed? EC2 gives two minutes' notice; in that time a
 * stateful workload must write its state somewhere that outlives the instance and stop cleanly.
 * Real-time work and work that cannot be interrupted do not belong on spot at all.
 */
public final class ApplicationAgent implements Agent {

    /** The EC2 spot interruption notice. */
    public static final Duration NOTICE = Duration.ofSeconds(120);
    /** A shutdown that uses the whole notice leaves nothing for the final checkpoint upload to go wrong in. */
    static final Duration SHUTDOWN_MARGIN = Duration.ofSeconds(10);

    @Override
    public AgentKind kind() {
        return AgentKind.APPLICATION;
    }

    @Override
    public Opinion assess(OpportunityAssessed assessment) {
        MigrationPlan plan = assessment.getPlan();
        Workload w = plan.getWorkload();
        CheckpointConfig cp = plan.getCheckpoint();
        Opinion.Builder b = new Opinion.Builder(0.95)
                .evidence("notice.millis", NOTICE.toMillis())
                .evidence("checkpoint.intervalMillis", cp.getIntervalMillis())
                .evidence("shutdown.gracefulMillis", cp.getGracefulShutdownMillis())
                .evidence("workload.stateless", w.getStateless() ? 1 : 0);

        if (!w.getInterruptionTolerant()) {
            b.block("NOT_INTERRUPTION_TOLERANT", "The workload is declared not interruption tolerant; spot capacity "
                    + "can be reclaimed with two minutes' notice.", "workload.interruptionTolerant");
        }
        if (w.getRealTimeRequirement()) {
            b.block("REAL_TIME_REQUIREMENT", "The workload has a real-time requirement; a spot interruption would "
                    + "break it.", "workload.realTimeRequirement");
        }
        if (w.getStateless()) {
            b.note("STATELESS", "The workload is stateless, so an interruption loses no state.", "workload.stateless");
        } else {
            checkStatefulSurvival(cp, b);
        }
        checkBackupRegion(w, b);
        if (w.getKind() == WorkloadKind.OTHER) {
            b.caution("UNCLASSIFIED_WORKLOAD", "The workload kind is OTHER, not one of the batch kinds known to suit spot.",
                    "workload.kind", 0.9);
        }
        return b.build("SURVIVES_INTERRUPTION", w.getStateless()
                        ? "Stateless, interruption tolerant and not real-time: fit for spot."
                        : "Checkpoints to " + cp.getLocation() + " and shuts down within the two-minute notice: fit for spot.",
                0.95, List.of());
    }

    private static void checkStatefulSurvival(CheckpointConfig cp, Opinion.Builder b) {
        String location = cp.getLocation();
        if (location == null || !location.startsWith("s3://") || location.length() <= "s3://".length()) {
            b.block("CHECKPOINT_LOCATION_MISSING", "The workload keeps state but has no s3:// checkpoint location, so "
                    + "its state would die with the instance.", "checkpoint.location");
        }
        long shutdown = cp.getGracefulShutdownMillis();
        if (shutdown > NOTICE.toMillis()) {
            b.block("SHUTDOWN_EXCEEDS_NOTICE", "Graceful shutdown takes " + shutdown / 1000 + " s, longer than the "
                    + NOTICE.toSeconds() + " s interruption notice.", "checkpoint.gracefulShutdownMillis");
        } else if (shutdown > NOTICE.minus(SHUTDOWN_MARGIN).toMillis()) {
            b.caution("SHUTDOWN_NO_MARGIN", "Graceful shutdown takes " + shutdown / 1000 + " s of the "
                    + NOTICE.toSeconds() + " s notice, leaving under " + SHUTDOWN_MARGIN.toSeconds() + " s of margin.",
                    "checkpoint.gracefulShutdownMillis", 0.9);
        }
        if (cp.getIntervalMillis() <= 0) {
            b.block("CHECKPOINT_INTERVAL_INVALID", "The checkpoint interval must be positive.", "checkpoint.intervalMillis");
        } else if (cp.getIntervalMillis() > NOTICE.toMillis()) {
            // The notice-time checkpoint covers the gap; if it fails, up to one interval of work is redone.
            b.caution("CHECKPOINT_INTERVAL_EXCEEDS_NOTICE", "Periodic checkpoints run every " + cp.getIntervalMillis() / 1000
                    + " s, longer than the notice: if the shutdown checkpoint fails, up to that much work is redone.",
                    "checkpoint.intervalMillis", 0.9);
        }
    }

    private static void checkBackupRegion(Workload w, Opinion.Builder b) {
        String backup = w.getBackupRegion();
        if (backup == null || backup.isBlank()) {
            b.caution("NO_BACKUP_REGION", "No backup region is configured for a regional capacity shortage.",
                    "workload.backupRegion", 0.85);
        } else if (backup.equals(w.getRegion())) {
            b.caution("BACKUP_REGION_SAME_AS_PRIMARY", "The backup region is the primary region " + backup + ".",
                    "workload.backupRegion", 0.85);
        }
    }
}
