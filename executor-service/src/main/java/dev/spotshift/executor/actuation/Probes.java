package dev.spotshift.executor.actuation;

import dev.spotshift.cloud.Cloud;
import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.GroupState;
import dev.spotshift.events.GroupSnapshot;
import dev.spotshift.events.ProbeResult;
import dev.spotshift.events.ProbesRun;
import dev.spotshift.events.RunProbes;
import java.net.URI;
import static dev.spotshift.executor.domain.PreflightCheck.BACKUP_TARGET_WRITABLE;
import static dev.spotshift.executor.domain.PreflightCheck.FAILBACK_READY;
import static dev.spotshift.executor.domain.PreflightCheck.ON_DEMAND_CAPACITY_AVAILABLE;
import static dev.spotshift.executor.domain.PreflightCheck.STATE_PERSISTENCE_READY;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Seed 000's pre-flight checks that need the cloud ("monitoring active" is judged by the executor from the
 * metrics it sees), and the group's configuration read before anything changes: what a full rollback restores.
 */
final class Probes {

    private final Cloud cloud;

    Probes(Cloud cloud) {
        this.cloud = cloud;
    }

    ProbesRun run(String region, RunProbes p) {
        List<ProbeResult> checks = new ArrayList<>();
        URI prefix = p.getCheckpointLocation() == null ? null : URI.create(p.getCheckpointLocation());
        checks.add(check(BACKUP_TARGET_WRITABLE, () -> {
            if (prefix == null) {
                return failed(BACKUP_TARGET_WRITABLE, "the plan has no checkpoint.location");
            }
            var probe = cloud.checkpoints().probe(prefix);
            return probe.writable() ? passed(BACKUP_TARGET_WRITABLE, "probe object written and deleted under " + prefix)
                    : failed(BACKUP_TARGET_WRITABLE, prefix + ": " + probe.problem());
        }));
        checks.add(check(STATE_PERSISTENCE_READY, () -> {
            if (prefix == null) {
                return failed(STATE_PERSISTENCE_READY, "the plan has no checkpoint.location");
            }
            int existing = cloud.checkpoints().list(prefix).size();
            return passed(STATE_PERSISTENCE_READY, "checkpoints under " + prefix + " can be listed for restore ("
                    + existing + " present)");
        }));
        checks.add(check(ON_DEMAND_CAPACITY_AVAILABLE, () -> {
            boolean available = cloud.capacity().onDemandCapacityAvailable(region, p.getFallbackInstanceType(),
                    p.getTargetCapacity());
            String what = p.getTargetCapacity() + " x " + p.getFallbackInstanceType() + " on-demand in " + region;
            return available ? passed(ON_DEMAND_CAPACITY_AVAILABLE, what + " available")
                    : failed(ON_DEMAND_CAPACITY_AVAILABLE, what + " not available");
        }));
        GroupSnapshot[] before = new GroupSnapshot[1];
        checks.add(check(FAILBACK_READY, () -> {
            if (p.getGroupName() == null) {
                return failed(FAILBACK_READY, "no Auto Scaling group in the plan; instance-id plans have no failback "
                        + "path yet");
            }
            GroupState g = cloud.capacity().describeGroup(region, p.getGroupName());
            before[0] = Snapshots.fromConfig(cloud.capacity().captureConfig(region, p.getGroupName()));
            return passed(FAILBACK_READY, "group " + g.name() + " answers: desired " + g.desired()
                    + ", on-demand above base " + g.onDemandPercentAboveBase() + " %; its configuration is kept "
                    + "for the way back");
        }));
        return new ProbesRun(checks, before[0]);
    }

    private static ProbeResult passed(String check, String detail) {
        return new ProbeResult(check, true, detail);
    }

    private static ProbeResult failed(String check, String detail) {
        return new ProbeResult(check, false, detail);
    }

    private static ProbeResult check(String name, Supplier<ProbeResult> probe) {
        try {
            return probe.get();
        } catch (CloudException | IllegalArgumentException e) {
            return failed(name, e.getMessage());
        }
    }
}
