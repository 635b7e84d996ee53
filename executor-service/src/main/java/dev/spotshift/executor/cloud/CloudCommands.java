package dev.spotshift.executor.cloud;

import dev.spotshift.cloud.Cloud;
import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.GroupState;
import dev.spotshift.cloud.SpotShare;
import dev.spotshift.executor.domain.Command;
import dev.spotshift.executor.domain.Input;
import dev.spotshift.executor.domain.PlanSpec;
import dev.spotshift.executor.domain.PreflightCheck;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Executes the domain's cloud commands through the cloud port. A share change is check-before-act: when the
 * group already has the asked-for distribution nothing is sent, so a command replayed after a restart never
 * doubles a policy update.
 */
public final class CloudCommands {

    private final Cloud cloud;
    private final int attempts;
    private final SpotCalls spot;

    public CloudCommands(Cloud cloud, int attempts) {
        this.cloud = cloud;
        this.attempts = Math.max(1, attempts);
        this.spot = new SpotCalls(cloud);
    }

    public Input.CheckpointVerified verifyCheckpoint(Command.VerifyCheckpoint c) {
        return spot.verify(c);
    }

    public Input.ReplacementStarted launchReplacement(Command.LaunchReplacement c) {
        return spot.launch(c);
    }

    public Input.RestoreValidated validateRestore(Command.ValidateRestore c) {
        return spot.validate(c);
    }

    public Input.MarketRead readMarket(Command.ReadMarket c, java.time.Instant now) {
        return spot.market(c, now);
    }

    /** Empty when the group has the share; else the error of the last attempt. */
    public Optional<String> setSpotShare(Command.SetSpotShare c) {
        SpotShare share = new SpotShare(c.onDemandBase(), 100 - c.spotPercent(), c.allocationStrategy(),
                c.instanceTypes());
        CloudException last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                GroupState group = cloud.capacity().describeGroup(c.region(), c.groupName());
                if (!alreadySet(group, share)) {
                    cloud.capacity().setSpotShare(c.region(), c.groupName(), share);
                }
                return Optional.empty();
            } catch (CloudException e) {
                last = e;
                if (!retryable(e)) {
                    break;
                }
            }
        }
        return Optional.of(last.getMessage());
    }

    private static boolean alreadySet(GroupState g, SpotShare share) {
        return g.onDemandBase() == share.onDemandBaseCapacity()
                && g.onDemandPercentAboveBase() == share.onDemandPercentAboveBase()
                && share.spotAllocationStrategy().equals(g.allocationStrategy())
                && g.instanceTypes().equals(share.instanceTypes());
    }

    /** The SDK already retried throttling with backoff; only what can change between attempts is retried here. */
    private static boolean retryable(CloudException e) {
        return e.kind() == CloudException.Kind.UNAVAILABLE || e.kind() == CloudException.Kind.THROTTLED
                || e.kind() == CloudException.Kind.INSUFFICIENT_CAPACITY;
    }

    /** Seed 000's checks that need the cloud; "monitoring active" is judged by the domain from the metrics it sees. */
    public List<PreflightCheck> probe(PlanSpec plan) {
        List<PreflightCheck> checks = new ArrayList<>();
        URI prefix = plan.checkpointLocation() == null ? null : URI.create(plan.checkpointLocation());
        checks.add(check(PreflightCheck.BACKUP_TARGET_WRITABLE, () -> {
            if (prefix == null) {
                return PreflightCheck.failed(PreflightCheck.BACKUP_TARGET_WRITABLE, "the plan has no checkpoint.location");
            }
            var probe = cloud.checkpoints().probe(prefix);
            return probe.writable()
                    ? PreflightCheck.passed(PreflightCheck.BACKUP_TARGET_WRITABLE, "probe object written and deleted under " + prefix)
                    : PreflightCheck.failed(PreflightCheck.BACKUP_TARGET_WRITABLE, prefix + ": " + probe.problem());
        }));
        checks.add(check(PreflightCheck.STATE_PERSISTENCE_READY, () -> {
            if (prefix == null) {
                return PreflightCheck.failed(PreflightCheck.STATE_PERSISTENCE_READY, "the plan has no checkpoint.location");
            }
            int existing = cloud.checkpoints().list(prefix).size();
            return PreflightCheck.passed(PreflightCheck.STATE_PERSISTENCE_READY,
                    "checkpoints under " + prefix + " can be listed for restore (" + existing + " present)");
        }));
        checks.add(check(PreflightCheck.ON_DEMAND_CAPACITY_AVAILABLE, () -> {
            boolean available = cloud.capacity().onDemandCapacityAvailable(plan.region(), plan.fallbackInstanceType(),
                    plan.targetCapacity());
            String what = plan.targetCapacity() + " x " + plan.fallbackInstanceType() + " on-demand in " + plan.region();
            return available ? PreflightCheck.passed(PreflightCheck.ON_DEMAND_CAPACITY_AVAILABLE, what + " available")
                    : PreflightCheck.failed(PreflightCheck.ON_DEMAND_CAPACITY_AVAILABLE, what + " not available");
        }));
        checks.add(check(PreflightCheck.FAILBACK_READY, () -> {
            if (plan.groupName() == null) {
                return PreflightCheck.failed(PreflightCheck.FAILBACK_READY,
                        "no Auto Scaling group in the plan; instance-id plans have no failback path yet");
            }
            GroupState g = cloud.capacity().describeGroup(plan.region(), plan.groupName());
            return PreflightCheck.passed(PreflightCheck.FAILBACK_READY, "group " + g.name() + " answers: desired "
                    + g.desired() + ", on-demand above base " + g.onDemandPercentAboveBase() + " %");
        }));
        return checks;
    }

    private static PreflightCheck check(String name, Supplier<PreflightCheck> probe) {
        try {
            return probe.get();
        } catch (CloudException | IllegalArgumentException e) {
            return PreflightCheck.failed(name, e.getMessage());
        }
    }
}
