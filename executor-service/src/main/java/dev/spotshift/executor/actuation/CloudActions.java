package dev.spotshift.executor.actuation;

import dev.spotshift.cloud.Cloud;
import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.GroupConfig;
import dev.spotshift.cloud.GroupState;
import dev.spotshift.cloud.Lifecycle;
import dev.spotshift.cloud.ShadowCapacity;
import dev.spotshift.cloud.SpotShare;
import dev.spotshift.events.CloudCommand;
import dev.spotshift.events.CloudOutcome;
import dev.spotshift.events.EventEnvelope;
import dev.spotshift.events.GroupReadBack;
import dev.spotshift.events.GroupSize;
import dev.spotshift.events.GroupSnapshot;
import dev.spotshift.events.LaunchReplacement;
import dev.spotshift.events.ReadMarket;
import dev.spotshift.events.RestoreGroup;
import dev.spotshift.events.RunProbes;
import dev.spotshift.events.SetGroupShare;
import dev.spotshift.events.ShadowCapacityOrder;
import dev.spotshift.events.ShadowOperation;
import dev.spotshift.events.ValidateRestore;
import dev.spotshift.events.InstanceTerminated;
import dev.spotshift.events.TerminateInstance;
import dev.spotshift.cloud.CapacityManager;
import dev.spotshift.cloud.InstanceInfo;
import java.util.List;
import dev.spotshift.events.VerifyCheckpoint;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Carries out one {@link CloudCommand} and says what it gave, as a {@link CloudOutcome}. Every action is safe to
 * repeat: group changes are describe-compare-change-read back, launches carry a client token derived from the
 * command id, reads are reads. A DRY_RUN command makes read calls only. The outcome's id is derived from the
 * command's, so carrying out the same command twice publishes the same event, which the executor applies once.
 */
public final class CloudActions {

    /** The outcome's action for a shadow-capacity order (the order rides beside a read-only action, see the schema). */
    public static final String LAUNCH_SHADOW = "LaunchShadowCapacity";
    public static final String REMOVE_SHADOW = "RemoveShadowCapacity";

    private final Cloud cloud;
    private final int attempts;
    private final String producer;
    private final Clock clock;
    private final SpotActions spot;
    private final Probes probes;
    private final ShadowCapacity shadow;
    private final java.time.Duration launchWatch;

    public CloudActions(Cloud cloud, int attempts, String producer) {
        this(cloud, attempts, producer, java.time.Duration.ZERO);
    }

    /**
     * {@code launchWatch}: how long a step toward spot watches the group's launches for a spot shortage after the
     * change (zero: one read); see {@link dev.spotshift.cloud.CapacityManager#spotShortage}.
     */
    public CloudActions(Cloud cloud, int attempts, String producer, java.time.Duration launchWatch) {
        this.launchWatch = launchWatch;
        this.cloud = cloud;
        this.attempts = Math.max(1, attempts);
        this.producer = producer;
        this.clock = cloud.clock();
        this.spot = new SpotActions(cloud);
        this.probes = new Probes(cloud);
        this.shadow = new ShadowCapacity(cloud.capacity());
    }

    public CloudOutcome carryOut(CloudCommand c) {
        Instant started = clock.instant();
        Object action = c.getAction();
        CloudOutcome.Builder out = CloudOutcome.newBuilder().setCommandId(c.getCommandId())
                .setAction(action.getClass().getSimpleName()).setStartedAt(started).setSucceeded(true)
                .setAttempts(1);
        if (c.getShadowCapacity() != null) {
            shadow(c, c.getShadowCapacity(), out);
        } else if (action instanceof SetGroupShare s) {
            out.setTargetSpotPercent(s.getSpotPercent());
            share(c, s, out);
        } else if (action instanceof RestoreGroup r) {
            out.setTargetSpotPercent(0);
            restore(c, r, out);
        } else if (action instanceof RunProbes p) {
            out.setResult(probes.run(c.getRegion(), p));
        } else if (action instanceof VerifyCheckpoint v) {
            out.setWarningId(v.getWarningId()).setResult(spot.verify(v));
        } else if (action instanceof LaunchReplacement l) {
            out.setWarningId(l.getWarningId()).setResult(spot.launch(c, l));
        } else if (action instanceof ValidateRestore v) {
            out.setWarningId(v.getWarningId()).setResult(spot.validate(v));
        } else if (action instanceof ReadMarket m) {
            out.setResult(spot.market(c.getRegion(), m, started));
        } else if (action instanceof TerminateInstance t) {
            terminate(c, t, out);
        } else {
            out.setSucceeded(false).setError("unknown action " + action.getClass().getName());
        }
        return out.setEnvelope(envelope(c)).build();
    }

    /** Target, not delta: nothing is sent when the group already has the share; the change is read back. */
    private void share(CloudCommand c, SetGroupShare s, CloudOutcome.Builder out) {
        withRetries(out, () -> {
            GroupState before = cloud.capacity().describeGroup(c.getRegion(), s.getGroupName());
            String cap = maxPrice(c.getRegion(), s);
            // A plan without a cap leaves the group's own cap as it is.
            SpotShare share = new SpotShare(s.getOnDemandBase(), 100 - s.getSpotPercent(), s.getAllocationStrategy(),
                    s.getInstanceTypes(), cap != null ? cap : before.spotMaxPrice());
            GroupSize size = s.getSize();
            boolean change = !alreadySet(before, share) || !sized(before, size);
            if (change && !c.getDryRun()) {
                if (size == null) {
                    cloud.capacity().setSpotShare(c.getRegion(), s.getGroupName(), share);
                } else {
                    resize(c.getRegion(), s.getGroupName(), share, size);
                }
            }
            GroupState after = c.getDryRun() ? before : cloud.capacity().describeGroup(c.getRegion(), s.getGroupName());
            if (!c.getDryRun() && (!alreadySet(after, share) || !sized(after, size))) {
                throw new CloudException("autoscaling:DescribeAutoScalingGroups", CloudException.Kind.INVALID_ANSWER,
                        "read back on-demand " + after.onDemandPercentAboveBase() + " % above base "
                                + after.onDemandBase() + " at " + after.min() + "/" + after.desired() + "/"
                                + after.max() + " (min/desired/max), asked " + share.onDemandPercentAboveBase()
                                + " % above " + share.onDemandBaseCapacity()
                                + (size == null ? "" : " at " + size.getMin() + "/" + size.getDesired() + "/"
                                + size.getMax()));
            }
            if (s.getScaling() != null && s.getSpotPercent() > 0 && !c.getDryRun()) {
                // Put again with every step: the policies and alarms are named, so a repeat overwrites, never adds.
                cloud.capacity().applyScalingRules(c.getRegion(), s.getGroupName(), rules(s.getScaling()));
                after = cloud.capacity().describeGroup(c.getRegion(), s.getGroupName());
            }
            if (s.getSpotPercent() > 0 && !c.getDryRun()) {
                refuseShortage(c, s);
            }
            out.setResult(readBack(s.getGroupName(), change && !c.getDryRun(), after));
        });
    }

    /**
     * Sizes and distribution in one group update (the port's describe-compare-change restore, here toward a target
     * the group never had): a group grown before its mix changed would launch on-demand it is about to replace. The
     * group's own launch template and on-demand strategy stay.
     */
    private void resize(String region, String group, SpotShare share, GroupSize size) {
        GroupConfig now = cloud.capacity().captureConfig(region, group);
        cloud.capacity().restoreConfig(region, group, new GroupConfig(size.getMin(), size.getMax(), size.getDesired(),
                true, share.onDemandBaseCapacity(), share.onDemandPercentAboveBase(), share.spotAllocationStrategy(),
                share.spotMaxPrice(), now.onDemandAllocationStrategy(), now.launchTemplate(), share.instanceTypes()));
    }

    private static boolean sized(GroupState g, GroupSize size) {
        return size == null || (g.min() == size.getMin() && g.max() == size.getMax() && g.desired() == size.getDesired());
    }

    /**
     * The change is accepted whatever the spot capacity (Auto Scaling's update succeeds and its launches fail later),
     * so the step reads the group's launches since the command was decided: a spot shortage there fails the step
     * INSUFFICIENT_CAPACITY, which the executor answers with a failover. A retry re-reads without sending the change
     * again (it reads back as set), and a shortage already written answers at once.
     */
    private void refuseShortage(CloudCommand c, SetGroupShare s) {
        java.time.Instant since = c.getEnvelope().getOccurredAt();
        cloud.capacity().spotShortage(c.getRegion(), s.getGroupName(), since, launchWatch).ifPresent(why -> {
            throw new CloudException("autoscaling:DescribeScalingActivities", CloudException.Kind.INSUFFICIENT_CAPACITY,
                    why);
        });
    }

    static dev.spotshift.cloud.ScalingRules rules(dev.spotshift.events.GroupScaling g) {
        return new dev.spotshift.cloud.ScalingRules(g.getMinSize(), g.getMaxSize(), g.getScaleOutCpuPercent(),
                java.time.Duration.ofMillis(g.getScaleOutAfterMillis()), g.getScaleInCpuPercent(),
                java.time.Duration.ofMillis(g.getScaleInAfterMillis()));
    }

    /**
     * The plan's spot max price as AWS takes it (USD per hour): absolute as given, or the fraction of the cheapest
     * type's on-demand price, so that no type is ever bought above the cap. Null: no cap (AWS's default).
     */
    static String maxPrice(String region, SetGroupShare s) {
        if (s.getSpotMaxPriceMicros() != null) {
            return usd(s.getSpotMaxPriceMicros());
        }
        if (s.getSpotMaxPriceFractionOfOnDemand() == null) {
            return null;
        }
        long cheapest = s.getInstanceTypes().stream()
                .mapToLong(t -> dev.spotshift.cloud.OnDemandPriceList.priceMicros("pricing:OnDemand", region, t))
                .min().orElseThrow();
        return usd(Math.round(cheapest * s.getSpotMaxPriceFractionOfOnDemand()));
    }

    /** The group put back as it was before the first change; restoreConfig itself only changes what differs. */
    private void restore(CloudCommand c, RestoreGroup r, CloudOutcome.Builder out) {
        GroupConfig config = Snapshots.toConfig(r.getSnapshot());
        withRetries(out, () -> {
            boolean changed = false;
            if (!c.getDryRun()) {
                changed = cloud.capacity().restoreConfig(c.getRegion(), r.getGroupName(), config);
                // The plan's scaling rules go with it: the group scales again only as it did before Spotshift.
                changed |= cloud.capacity().removeScalingRules(c.getRegion(), r.getGroupName());
            }
            GroupConfig now = cloud.capacity().captureConfig(c.getRegion(), r.getGroupName());
            if (!c.getDryRun() && !Snapshots.sameDistribution(now, config)) {
                throw new CloudException("autoscaling:DescribeAutoScalingGroups", CloudException.Kind.INVALID_ANSWER,
                        "read back " + now + " after restoring " + config);
            }
            out.setResult(readBack(r.getGroupName(), changed,
                    cloud.capacity().describeGroup(c.getRegion(), r.getGroupName())));
        });
    }

    /**
     * Launch: one client token per instance from the command id, so a retry or a replay launches only what is missing.
     * Remove: read first, so a repeat terminates nothing. A DRY_RUN command only reads what the plan has.
     */
    private void shadow(CloudCommand c, ShadowCapacityOrder order, CloudOutcome.Builder out) {
        String planId = c.getEnvelope().getPlanId();
        boolean launch = order.getOperation() == ShadowOperation.LAUNCH;
        out.setAction(launch ? LAUNCH_SHADOW : REMOVE_SHADOW).setShadowInstanceIds(List.of());
        if (!launch && order.getOperation() != ShadowOperation.REMOVE) {
            out.setSucceeded(false).setError("unknown shadow operation " + order.getOperation());
            return;
        }
        withRetries(out, () -> {
            List<InstanceInfo> done;
            if (c.getDryRun()) {
                done = shadow.instances(c.getRegion(), planId);
            } else if (launch) {
                done = shadow.launch(new ShadowCapacity.Launch(c.getRegion(), planId, order.getInstanceTypes(),
                        order.getCount(), c.getCommandId(), c.getDeploymentId()));
            } else {
                done = shadow.remove(c.getRegion(), planId);
            }
            out.setShadowInstanceIds(done.stream().map(InstanceInfo::instanceId).toList());
        });
    }

    /**
     * The reaper's order, check-before-act: an instance already gone (or going) is success without a call, and one
     * not tagged by this deployment for this plan is never terminated, whatever the command says.
     */
    private void terminate(CloudCommand c, TerminateInstance t, CloudOutcome.Builder out) {
        String id = t.getInstanceId();
        String planId = c.getEnvelope().getPlanId();
        out.setResult(new InstanceTerminated(id, false, "not terminated"));
        withRetries(out, () -> {
            List<InstanceInfo> found;
            try {
                found = cloud.capacity().describeInstances(c.getRegion(), List.of(id));
            } catch (CloudException e) {
                if (e.kind() != CloudException.Kind.NOT_FOUND) {
                    throw e;
                }
                found = List.of();
            }
            if (found.isEmpty() || !found.get(0).isActive()) {
                out.setResult(new InstanceTerminated(id, true, found.isEmpty() ? "already gone (not found)"
                        : "already " + found.get(0).state()));
                return;
            }
            InstanceInfo i = found.get(0);
            if (!c.getDeploymentId().equals(i.tags().get(CapacityManager.DEPLOYMENT_TAG))
                    || !planId.equals(i.tags().get(CapacityManager.OWNER_TAG))) {
                throw new IllegalArgumentException("instance " + id + " is tagged for deployment "
                        + i.tags().get(CapacityManager.DEPLOYMENT_TAG) + " and plan "
                        + i.tags().get(CapacityManager.OWNER_TAG) + ", not " + c.getDeploymentId() + " and " + planId
                        + ": left running");
            }
            if (c.getDryRun()) {
                throw new IllegalArgumentException("dry run: " + id + " left running");
            }
            cloud.capacity().terminate(c.getRegion(), id);
            out.setResult(new InstanceTerminated(id, false, "terminated"));
        });
    }

    private interface Attempt {
        void run();
    }

    /** What can change between attempts is retried here (the SDK already retried throttling); the rest fails now. */
    private void withRetries(CloudOutcome.Builder out, Attempt attempt) {
        CloudException last = null;
        for (int i = 1; i <= attempts; i++) {
            out.setAttempts(i);
            try {
                attempt.run();
                return;
            } catch (CloudException e) {
                last = e;
                if (!retryable(e)) {
                    break;
                }
            } catch (IllegalArgumentException e) {
                out.setSucceeded(false).setError(e.getMessage());
                return;
            }
        }
        out.setSucceeded(false).setError(last.getMessage()).setErrorKind(last.kind().name());
    }

    private static boolean retryable(CloudException e) {
        return e.kind() == CloudException.Kind.UNAVAILABLE || e.kind() == CloudException.Kind.THROTTLED
                || e.kind() == CloudException.Kind.INSUFFICIENT_CAPACITY
                || e.kind() == CloudException.Kind.INVALID_ANSWER;
    }

    static boolean alreadySet(GroupState g, SpotShare share) {
        return g.onDemandBase() == share.onDemandBaseCapacity()
                && g.onDemandPercentAboveBase() == share.onDemandPercentAboveBase()
                && share.spotAllocationStrategy().equals(g.allocationStrategy())
                && g.instanceTypes().equals(share.instanceTypes())
                && java.util.Objects.equals(price(g.spotMaxPrice()), price(share.spotMaxPrice()));
    }

    private static java.math.BigDecimal price(String usd) {
        return usd == null ? null : new java.math.BigDecimal(usd).stripTrailingZeros();
    }

    private static GroupReadBack readBack(String group, boolean changed, GroupState g) {
        return new GroupReadBack(group, changed, g.onDemandBase(), g.onDemandPercentAboveBase(), g.desired(),
                (int) g.activeCount(Lifecycle.SPOT), (int) g.activeCount(Lifecycle.ON_DEMAND));
    }

    static String usd(long micros) {
        return java.math.BigDecimal.valueOf(micros, 6).stripTrailingZeros().toPlainString();
    }

    private EventEnvelope envelope(CloudCommand c) {
        EventEnvelope in = c.getEnvelope();
        return EventEnvelope.newBuilder()
                .setEventId(UUID.nameUUIDFromBytes((c.getCommandId() + "/outcome").getBytes(StandardCharsets.UTF_8))
                        .toString())
                .setPlanId(in.getPlanId()).setOccurredAt(clock.instant()).setProducer(producer)
                .setCausationId(in.getEventId()).setTraceparent(in.getTraceparent()).build();
    }

    /** The snapshot a RunProbes outcome carries, from the cloud's own reading. */
    static GroupSnapshot snapshot(GroupConfig g) {
        return Snapshots.fromConfig(g);
    }
}
