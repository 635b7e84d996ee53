package dev.spotshift.executor.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The plan's spot share moved to the backup region's group while the primary region cannot hold it.
 *
 * @param phase        PREFLIGHT (the backup group's probes asked), GATING (its share set, the monitor's gate open),
 *                     ACTIVE (the gate passed), RELEASING (the group on the way back to how the pre-flight found it)
 * @param stepIndex    the step re-run in the backup: the last one whose gate had passed in the primary
 * @param spotPercent  that step's share, as the events announce it
 * @param commandIds   the cloud commands sent for the backup group: their outcomes are the failover's
 * @param why          what made the primary unable to hold the share
 * @param failures     failed attempts of the way back (retried until it is confirmed)
 * @param instances    the moved share in instances: the spot instances that step held in the primary, which the
 *                     backup group is sized to (desired = min = max), all spot; 0 in states stored before sizing
 * @param backupBefore the backup group as its pre-flight read it, what the fail-back restores whole; null until the
 *                     pre-flight answered (and in states stored before sizing, which release with a 0 % share)
 */
public record Failover(Phase phase, String region, String groupName, int stepIndex, int spotPercent,
                       List<String> commandIds, Instant startedAt, String why, int failures, int instances,
                       GroupSnapshot backupBefore) {

    public enum Phase { PREFLIGHT, GATING, ACTIVE, RELEASING }

    public Failover {
        commandIds = commandIds == null ? List.of() : List.copyOf(commandIds);
    }

    /**
     * A failover just decided: the backup group's probes asked ({@code probesId}), nothing failed yet, the group's
     * own reading to come with the probes' answer.
     */
    static Failover preflight(PlanSpec.Backup backup, int stepIndex, int spotPercent, String probesId, Instant at,
                              String why, int instances) {
        return new Failover(Phase.PREFLIGHT, backup.region(), backup.groupName(), stepIndex, spotPercent,
                List.of(probesId), at, why, 0, instances, null);
    }

    /** "region/group", as the events name where the share runs. */
    public String where() {
        return region + "/" + groupName;
    }

    Failover in(Phase next) {
        return new Failover(next, region, groupName, stepIndex, spotPercent, commandIds, startedAt, why, failures,
                instances, backupBefore);
    }

    Failover failed() {
        return new Failover(phase, region, groupName, stepIndex, spotPercent, commandIds, startedAt, why, failures + 1,
                instances, backupBefore);
    }

    Failover found(GroupSnapshot before) {
        return new Failover(phase, region, groupName, stepIndex, spotPercent, commandIds, startedAt, why, failures,
                instances, before);
    }

    /** Commands of a plan are few; the last ones are what an outcome can still answer. */
    Failover sent(String commandId) {
        List<String> ids = new ArrayList<>(commandIds);
        ids.add(commandId);
        while (ids.size() > 10) {
            ids.remove(0);
        }
        return new Failover(phase, region, groupName, stepIndex, spotPercent, ids, startedAt, why, failures,
                instances, backupBefore);
    }
}
