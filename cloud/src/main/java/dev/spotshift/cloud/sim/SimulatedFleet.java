package dev.spotshift.cloud.sim;

import dev.spotshift.cloud.CapacityManager;
import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.GroupState;
import dev.spotshift.cloud.InstanceInfo;
import dev.spotshift.cloud.LaunchRequest;
import dev.spotshift.cloud.Lifecycle;
import dev.spotshift.cloud.ScalingRules;
import dev.spotshift.cloud.SpotShare;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The simulated fleet: Auto Scaling groups whose instances follow the spot share set on them, single instances,
 * and the interruptions of spot instances. Time-driven effects (scripted events, storms, background interruptions,
 * terminations at the deadline) are applied lazily by {@link #tick()} on every call, so a controllable clock
 * drives the whole world without threads.
 */
public final class SimulatedFleet implements CapacityManager {

    private final long seed;
    private final Clock clock;
    private final Placement placement;
    private final Interruptions interruptions;
    private final Map<String, SimGroup> groups = new TreeMap<>();
    private final Map<String, SimInstance> instances = new LinkedHashMap<>();
    private final List<CapacityCall> calls = new ArrayList<>();
    private long launched;

    SimulatedFleet(long seed, Clock clock, Placement placement, Interruptions interruptions) {
        this.seed = seed;
        this.clock = clock;
        this.placement = placement;
        this.interruptions = interruptions;
    }

    /** Creates a group and launches its instances. Not a capacity call: it sets up the world. */
    public synchronized GroupState createGroup(String region, String name, int min, int max, int desired,
                                               SpotShare share) {
        Catalog.zones("autoscaling:CreateAutoScalingGroup", region);
        share.instanceTypes().forEach(t -> Catalog.onDemandMicros("autoscaling:CreateAutoScalingGroup", region, t));
        if (min > desired || desired > max) {
            throw new IllegalArgumentException("need min <= desired <= max: " + min + "/" + desired + "/" + max);
        }
        SimGroup group = new SimGroup(region, name, min, max, desired, share);
        groups.put(key(region, name), group);
        reconcile(group);
        return state(group);
    }

    /** What the executor asked for, in order, with simulated times. */
    public synchronized List<CapacityCall> calls() {
        return List.copyOf(calls);
    }

    /** Changes a group's desired capacity (the workload's own scaling), launching or terminating to match. */
    public synchronized void setDesired(String region, String groupName, int desired) {
        SimGroup group = group("autoscaling:SetDesiredCapacity", region, groupName);
        group.desired = Math.max(group.min, Math.min(group.max, desired));
        reconcile(group);
    }

    /** Applies due scripted events, storms, background interruptions and terminations at the deadline. */
    public synchronized void tick() {
        Instant now = clock.instant();
        interruptions.advance(now, activeSpot());
        for (SimInstance i : new ArrayList<>(instances.values())) {
            if (i.active() && i.warnedAt != null && !interruptions.deadline(i).isAfter(now)) {
                i.state = "terminated";
                groupOf(i).ifPresent(this::reconcile);
            }
        }
    }

    /** Sends two-minute warnings now to up to {@code count} running spot instances of the region, oldest first. */
    public synchronized List<String> interruptSpotInstances(String region, int count) {
        tick();
        return interruptAt(region, count, clock.instant());
    }

    /** Scripted: at {@code at}, warn {@code count} spot instances of the region (used by scenarios). */
    synchronized void scheduleInterruption(String region, int count, Instant at) {
        Catalog.zones("scenario:interrupt", region);
        interruptions.schedule(at, when -> interruptAt(region, count, when));
    }

    private List<String> interruptAt(String region, int count, Instant at) {
        List<SimInstance> targets = activeSpot().stream()
                .filter(i -> i.region.equals(region) && i.warnedAt == null).limit(count).toList();
        targets.forEach(i -> interruptions.warn(i, at));
        return targets.stream().map(i -> i.id).toList();
    }

    /** Sends a rebalance recommendation for one instance. */
    public synchronized void recommendRebalance(String instanceId) {
        SimInstance i = instance("ec2:RebalanceRecommendation", instanceId);
        interruptions.recommendRebalance(i, clock.instant());
    }

    @Override
    public synchronized GroupState describeGroup(String region, String groupName) {
        tick();
        return state(group("autoscaling:DescribeAutoScalingGroups", region, groupName));
    }

    @Override
    public synchronized void setSpotShare(String region, String groupName, SpotShare share) {
        tick();
        record("autoscaling:UpdateAutoScalingGroup", region, groupName, share.toString());
        SimGroup group = group("autoscaling:UpdateAutoScalingGroup", region, groupName);
        share.instanceTypes().forEach(t -> Catalog.onDemandMicros("autoscaling:UpdateAutoScalingGroup", region, t));
        group.share = share;
        reconcile(group);
    }

    @Override
    public synchronized InstanceInfo launch(LaunchRequest r) {
        tick();
        record("ec2:RunInstances", r.region(), r.planId(), r.lifecycle() + " " + r.instanceTypes()
                + (r.availabilityZone() == null ? "" : " in " + r.availabilityZone()));
        Catalog.checkZone("ec2:RunInstances", r.region(), r.availabilityZone());
        Map<String, String> tags = new HashMap<>(r.tags());
        tags.put(OWNER_TAG, r.planId());
        Map<String, Long> perZone = zoneCounts(instances.values().stream()
                .filter(i -> i.active() && i.region.equals(r.region())).toList());
        Placement.Pool pool = placement.choose(r.region(), r.instanceTypes(), r.availabilityZone(), r.lifecycle(),
                        SpotShare.PRICE_CAPACITY_OPTIMIZED, perZone, clock.instant())
                .orElseThrow(() -> Placement.noCapacity(r.region(), r.instanceTypes(), r.availabilityZone(),
                        r.lifecycle()));
        return start(r.region(), pool, r.lifecycle(), tags, null).info();
    }

    @Override
    public synchronized void terminate(String region, String instanceId) {
        tick();
        record("ec2:TerminateInstances", region, instanceId, "");
        SimInstance i = instance("ec2:TerminateInstances", instanceId);
        if (i.active()) {
            i.state = "terminated";
            // Like Auto Scaling: a group replaces an instance terminated under it.
            groupOf(i).ifPresent(this::reconcile);
        }
    }

    @Override
    public synchronized List<InstanceInfo> ownedInstances(String region) {
        tick();
        return instances.values().stream()
                .filter(i -> i.region.equals(region) && !"terminated".equals(i.state) && i.tags.containsKey(OWNER_TAG))
                .map(SimInstance::info).toList();
    }

    @Override
    public synchronized List<InstanceInfo> describeInstances(String region, List<String> ids) {
        tick();
        return ids.stream().map(id -> instance("ec2:DescribeInstances", id)).map(SimInstance::info).toList();
    }

    @Override
    public synchronized boolean onDemandCapacityAvailable(String region, String instanceType, int count) {
        tick();
        record("ec2:CapacityCheck", region, instanceType, "count=" + count);
        Catalog.onDemandMicros("ec2:CapacityCheck", region, instanceType);
        return placement.choose(region, List.of(instanceType), null, Lifecycle.ON_DEMAND, null, Map.of(),
                clock.instant()).isPresent();
    }

    @Override
    public synchronized void applyScalingRules(String region, String groupName, ScalingRules rules) {
        tick();
        record("autoscaling:PutScalingPolicy", region, groupName, rules.toString());
        SimGroup group = group("autoscaling:PutScalingPolicy", region, groupName);
        group.rules = rules;
        group.min = rules.minSize();
        group.max = rules.maxSize();
        group.desired = Math.max(group.min, Math.min(group.max, group.desired));
        reconcile(group);
    }

    /** The scaling rules last applied to a group, if any. */
    public synchronized Optional<ScalingRules> scalingRules(String region, String groupName) {
        return Optional.ofNullable(group("autoscaling:DescribePolicies", region, groupName).rules);
    }

    @Override
    public synchronized List<GroupState> listGroups(String region) {
        tick();
        return groups.values().stream().filter(g -> g.region.equals(region)).map(this::state).toList();
    }

    private void reconcile(SimGroup g) {
        Instant now = clock.instant();
        int onDemandTarget = g.onDemandTarget();
        for (Lifecycle lifecycle : Lifecycle.values()) {
            int target = lifecycle == Lifecycle.ON_DEMAND ? onDemandTarget : g.desired - onDemandTarget;
            List<SimInstance> current = members(g, lifecycle);
            // Scale in newest first: the oldest instances have done the most work and hold warm state.
            for (int n = current.size() - 1; n >= target; n--) {
                current.get(n).state = "terminated";
            }
            for (int n = current.size(); n < target; n++) {
                Map<String, Long> perZone = zoneCounts(members(g, null));
                Optional<Placement.Pool> pool = placement.choose(g.region, g.share.instanceTypes(), null, lifecycle,
                        g.share.spotAllocationStrategy(), perZone, now);
                if (pool.isEmpty()) {
                    break; // the group stays short until capacity returns, as Auto Scaling does
                }
                start(g.region, pool.get(), lifecycle, Map.of("aws:autoscaling:groupName", g.name), g.name);
            }
        }
    }

    private SimInstance start(String region, Placement.Pool pool, Lifecycle lifecycle, Map<String, String> tags,
                              String group) {
        String id = String.format("i-0%016x", Hashing.hash(seed, "instance", ++launched));
        SimInstance i = new SimInstance(id, region, pool.type(), pool.zone(), lifecycle, tags, clock.instant(), group);
        instances.put(id, i);
        return i;
    }

    private List<SimInstance> members(SimGroup g, Lifecycle lifecycle) {
        return instances.values().stream()
                .filter(i -> g.name.equals(i.group) && i.region.equals(g.region) && i.active()
                        && (lifecycle == null || i.lifecycle == lifecycle))
                .toList();
    }

    private List<SimInstance> activeSpot() {
        return instances.values().stream().filter(i -> i.active() && i.lifecycle == Lifecycle.SPOT).toList();
    }

    private static Map<String, Long> zoneCounts(Collection<SimInstance> list) {
        return list.stream().collect(Collectors.groupingBy(i -> i.zone, Collectors.counting()));
    }

    private Optional<SimGroup> groupOf(SimInstance i) {
        return i.group == null ? Optional.empty() : Optional.ofNullable(groups.get(key(i.region, i.group)));
    }

    private SimGroup group(String operation, String region, String name) {
        Catalog.zones(operation, region);
        SimGroup g = groups.get(key(region, name));
        if (g == null) {
            throw new CloudException(operation, CloudException.Kind.NOT_FOUND,
                    "no Auto Scaling group '" + name + "' in " + region);
        }
        return g;
    }

    private SimInstance instance(String operation, String id) {
        SimInstance i = instances.get(id);
        if (i == null) {
            throw new CloudException(operation, CloudException.Kind.NOT_FOUND, "no instance '" + id + "'");
        }
        return i;
    }

    private GroupState state(SimGroup g) {
        SpotShare s = g.share;
        return new GroupState(g.name, g.min, g.max, g.desired, s.onDemandBaseCapacity(), s.onDemandPercentAboveBase(),
                s.spotAllocationStrategy(), s.instanceTypes(), members(g, null).stream().map(SimInstance::info).toList());
    }

    private void record(String operation, String region, String target, String detail) {
        calls.add(new CapacityCall(clock.instant(), operation, region, target, detail));
    }

    private static String key(String region, String name) {
        return region + "/" + name;
    }
}
