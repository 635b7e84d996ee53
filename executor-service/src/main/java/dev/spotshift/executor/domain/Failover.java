package dev.spotshift.executor.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The plan's spot share moved to the backup region's group while the primary region cannot hold it.
 *
 * @param phase       PREFLIGHT (the backup group's probes asked), GATING (its share set, the monitor's gate open),
 *                    ACTIVE (the gate passed), RELEASING (its share on the way back to 0 %)
 * @param stepIndex   the step re-run in the backup: the last one whose gate had passed in the primary
 * @param spotPercent that step's share, set on the backup group
 * @param commandIds  the cloud commands sent for the backup group: their outcomes are the failover's
 * @param why         what made the primary unable to hold the share
 * @param failures    failed attempts of the way back to 0 % (retried until it is confirmed)
 */
public record Failover(Phase phase, String region, String groupName, int stepIndex, int spotPercent,
                       List<String> commandIds, Instant startedAt, String why, int failures) {

    public enum Phase { PREFLIGHT, GATING, ACTIVE, RELEASING }

    public Failover {
        commandIds = commandIds == null ? List.of() : List.copyOf(commandIds);
    }

    /** "region/group", as the events name where the share runs. */
    public String where() {
        return region + "/" + groupName;
    }

    Failover in(Phase next) {
        return new Failover(next, region, groupName, stepIndex, spotPercent, commandIds, startedAt, why, failures);
    }

    Failover failed() {
        return new Failover(phase, region, groupName, stepIndex, spotPercent, commandIds, startedAt, why, failures + 1);
    }

    /** Commands of a plan are few; the last ones are what an outcome can still answer. */
    Failover sent(String commandId) {
        List<String> ids = new ArrayList<>(commandIds);
        ids.add(commandId);
        while (ids.size() > 10) {
            ids.remove(0);
        }
        return new Failover(phase, region, groupName, stepIndex, spotPercent, ids, startedAt, why, failures);
    }
}
