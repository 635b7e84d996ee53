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
    private SharedWorld world = SharedWorld.NONE;

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
        return world.run("createGroup", () -> {
            SimGroup group = new SimGroup(region, name, min, max, desired, share);
            groups.put(key(region, name), group);
            reconcile(group);
            return state(group);
        });
    }

    /**
     * Creates the group unless the world already has it. A process joining a shared world (or restarting into
     * it) sets up the groups it was told about without resetting what the others did to them.
     */
    public synchronized GroupState ensureGroup(String region, String name, int min, int max, int desired,
                                               SpotShare share) {
        return world.run("ensureGroup", () -> {
            SimGroup existing = groups.get(key(region, name));
            return existing != null ? state(existing) : createGroup(region, name, min, max, desired, share);
        });
    }

    /** What the executor asked for, in order, with simulated times. */
    public synchronized List<CapacityCall> calls() {
        return world.run("calls", () -> {
            return List.copyOf(calls);
        });
    }

    /** Changes a group's desired capacity (the workload's own scaling), launching or terminating to match. */
    public synchronized void setDesired(String region, String groupName, int desired) {
        world.run("setDesired", () -> {
            SimGroup group = group("autoscaling:SetDesiredCapacity", region, groupName);
            group.desired = Math.max(group.min, Math.min(group.max, desired));
            reconcile(group);
        });
    }

    /** Applies due scripted events, storms, background interruptions and terminations at the deadline. */
    public synchronized void tick() {
        world.run("tick", () -> {
            Instant now = clock.instant();
            interruptions.advance(now, activeSpot());
            for (SimInstance i : new ArrayList<>(instances.values())) {
                if (i.active() && i.warnedAt != null && !interruptions.deadline(i).isAfter(now)) {
                    i.state = "terminated";
                    groupOf(i).ifPresent(this::reconcile);
                }
            }
        });
    }

    /** Sends two-minute warnings now to up to {@code count} running spot instances of the region, oldest first. */
    public synchronized List<String> interruptSpotInstances(String region, int count) {
        return world.run("interruptSpotInstances", () -> {
            tick();
            return interruptAt(region, count, clock.instant());
        });
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
        world.run("recommendRebalance", () -> {
            SimInstance i = instance("ec2:RebalanceRecommendation", instanceId);
            interruptions.recommendRebalance(i, clock.instant());
        });
    }

    @Override
    public synchronized GroupState describeGroup(String region, String groupName) {
        return world.run("describeGroup", () -> {
            tick();
            return state(group("autoscaling:DescribeAutoScalingGroups", region, groupName));
        });
    }

    @Override
    public synchronized void setSpotShare(String region, String groupName, SpotShare share) {
        world.run("setSpotShare", () -> {
            tick();
            record("autoscaling:UpdateAutoScalingGroup", region, groupName, share.toString());
            SimGroup group = group("autoscaling:UpdateAutoScalingGroup", region, groupName);
            share.instanceTypes().forEach(t -> Catalog.onDemandMicros("autoscaling:UpdateAutoScalingGroup", region, t));
            group.share = share;
            reconcile(group);
        });
    }

    @Override
    public synchronized InstanceInfo launch(LaunchRequest r) {
        return world.run("launch", () -> {
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
        });
    }

    @Override
    public synchronized void terminate(String region, String instanceId) {
        world.run("terminate", () -> {
            tick();
            record("ec2:TerminateInstances", region, instanceId, "");
            SimInstance i = instance("ec2:TerminateInstances", instanceId);
            if (i.active()) {
                i.state = "terminated";
                // Like Auto Scaling: a group replaces an instance terminated under it.
                groupOf(i).ifPresent(this::reconcile);
            }
        });
    }

    @Override
    public synchronized List<InstanceInfo> ownedInstances(String region) {
        return world.run("ownedInstances", () -> {
            tick();
            return instances.values().stream()
                    .filter(i -> i.region.equals(region) && !"terminated".equals(i.state) && i.tags.containsKey(OWNER_TAG))
                    .map(SimInstance::info).toList();
        });
    }

    @Override
    public synchronized List<InstanceInfo> describeInstances(String region, List<String> ids) {
        return world.run("describeInstances", () -> {
            tick();
            return ids.stream().map(id -> instance("ec2:DescribeInstances", id)).map(SimInstance::info).toList();
        });
    }

    @Override
    public synchronized boolean onDemandCapacityAvailable(String region, String instanceType, int count) {
        return world.run("onDemandCapacityAvailable", () -> {
            tick();
            record("ec2:CapacityCheck", region, instanceType, "count=" + count);
            Catalog.onDemandMicros("ec2:CapacityCheck", region, instanceType);
            return placement.choose(region, List.of(instanceType), null, Lifecycle.ON_DEMAND, null, Map.of(),
                    clock.instant()).isPresent();
        });
    }

    @Override
    public synchronized void applyScalingRules(String region, String groupName, ScalingRules rules) {
        world.run("applyScalingRules", () -> {
            tick();
            record("autoscaling:PutScalingPolicy", region, groupName, rules.toString());
            SimGroup group = group("autoscaling:PutScalingPolicy", region, groupName);
            group.rules = rules;
            group.min = rules.minSize();
            group.max = rules.maxSize();
            group.desired = Math.max(group.min, Math.min(group.max, group.desired));
            reconcile(group);
        });
    }

    /** The scaling rules last applied to a group, if any. */
    public synchronized Optional<ScalingRules> scalingRules(String region, String groupName) {
        return world.run("scalingRules", () -> {
            return Optional.ofNullable(group("autoscaling:DescribePolicies", region, groupName).rules);
        });
    }

    @Override
    public synchronized List<GroupState> listGroups(String region) {
        return world.run("listGroups", () -> {
            tick();
            return groups.values().stream().filter(g -> g.region.equals(region)).map(this::state).toList();
        });
    }

    /** The directory this fleet shares with other processes, if any. */
    public synchronized Optional<java.nio.file.Path> sharedDirectory() {
        return Optional.ofNullable(world.directory());
    }

    void joinWorld(SharedWorld shared) {
        this.world = shared;
    }

    /** Called by the world under its lock, with what this process set up merged in by the first save. */
    void exportInto(WorldState w) {
        w.launched = launched;
        for (SimGroup g : groups.values()) {
            WorldState.Group f = new WorldState.Group();
            f.region = g.region;
            f.name = g.name;
            f.min = g.min;
            f.max = g.max;
            f.desired = g.desired;
            f.onDemandBase = g.share.onDemandBaseCapacity();
            f.onDemandPercentAboveBase = g.share.onDemandPercentAboveBase();
            f.allocationStrategy = g.share.spotAllocationStrategy();
            f.instanceTypes = g.share.instanceTypes();
            if (g.rules != null) {
                WorldState.Rules r = new WorldState.Rules();
                r.minSize = g.rules.minSize();
                r.maxSize = g.rules.maxSize();
                r.scaleOutCpuPercent = g.rules.scaleOutCpuPercent();
                r.scaleOutAfter = g.rules.scaleOutAfter().toString();
                r.scaleInCpuPercent = g.rules.scaleInCpuPercent();
                r.scaleInAfter = g.rules.scaleInAfter().toString();
                f.rules = r;
            }
            w.groups.add(f);
        }
        for (SimInstance i : instances.values()) {
            WorldState.Instance f = new WorldState.Instance();
            f.id = i.id;
            f.region = i.region;
            f.type = i.type;
            f.zone = i.zone;
            f.lifecycle = i.lifecycle.name();
            f.tags = new TreeMap<>(i.tags);
            f.launchedAt = i.launchedAt.toString();
            f.group = i.group;
            f.state = i.state;
            f.warnedAt = i.warnedAt == null ? null : i.warnedAt.toString();
            w.instances.add(f);
        }
        for (CapacityCall c : calls) {
            WorldState.Call f = new WorldState.Call();
            f.at = c.at().toString();
            f.operation = c.operation();
            f.region = c.region();
            f.target = c.target();
            f.detail = c.detail();
            w.calls.add(f);
        }
    }

    /** Replaces this process's view with the shared one (another process changed it). */
    void restore(WorldState w) {
        launched = w.launched;
        groups.clear();
        for (WorldState.Group f : w.groups) {
            SimGroup g = new SimGroup(f.region, f.name, f.min, f.max, f.desired,
                    new SpotShare(f.onDemandBase, f.onDemandPercentAboveBase, f.allocationStrategy, f.instanceTypes));
            if (f.rules != null) {
                WorldState.Rules r = f.rules;
                g.rules = new ScalingRules(r.minSize, r.maxSize, r.scaleOutCpuPercent,
                        java.time.Duration.parse(r.scaleOutAfter), r.scaleInCpuPercent, java.time.Duration.parse(r.scaleInAfter));
            }
            groups.put(key(g.region, g.name), g);
        }
        instances.clear();
        for (WorldState.Instance f : w.instances) {
            SimInstance i = new SimInstance(f.id, f.region, f.type, f.zone, Lifecycle.valueOf(f.lifecycle),
                    f.tags == null ? Map.of() : f.tags, Instant.parse(f.launchedAt), f.group);
            i.state = f.state;
            i.warnedAt = f.warnedAt == null ? null : Instant.parse(f.warnedAt);
            instances.put(i.id, i);
        }
        calls.clear();
        for (WorldState.Call f : w.calls) {
            calls.add(new CapacityCall(Instant.parse(f.at), f.operation, f.region, f.target, f.detail));
        }
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
