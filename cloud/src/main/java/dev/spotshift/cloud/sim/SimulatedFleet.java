package dev.spotshift.cloud.sim;

import dev.spotshift.cloud.CapacityManager;
import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.GroupConfig;
import dev.spotshift.cloud.GroupReplacement;
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
import java.util.Objects;
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

    private static final String DESCRIBE = "autoscaling:DescribeAutoScalingGroups";

    private final long seed;
    private final Clock clock;
    private final Placement placement;
    private final Interruptions interruptions;
    private final Map<String, SimGroup> groups = new TreeMap<>();
    private final Map<String, SimInstance> instances = new LinkedHashMap<>();
    // Indexes over `instances`, which keeps every instance ever launched: each call looks at the fleet, and at a
    // thousand plans' groups a scan of all of them per call (and per group) was most of the executor's CPU.
    /** The instances not terminated, in launch order; pruned as they are read (an instance never comes back). */
    private final Map<String, SimInstance> live = new LinkedHashMap<>();
    /** Each group's instances (region/name), in launch order, terminated ones included until pruned. */
    private final Map<String, List<SimInstance>> byGroup = new HashMap<>();
    private final List<CapacityCall> calls = new ArrayList<>();
    private final SpotCapacity spotCapacity = new SpotCapacity();
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
            interruptions.advance(now, this::activeSpot);
            // Few instances are ever warned: look for a due one among them, then take them in launch order.
            List<SimInstance> warned = interruptions.warned();
            warned.removeIf(i -> !i.active());
            if (warned.stream().allMatch(i -> interruptions.deadline(i).isAfter(now))) {
                return;
            }
            List<SimInstance> due = new ArrayList<>();
            for (SimInstance i : live()) {
                if (i.warnedAt != null && !interruptions.deadline(i).isAfter(now)) {
                    due.add(i);
                }
            }
            for (SimInstance i : due) {
                if (i.active()) {
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

    /** Sends two-minute warnings now to up to {@code count} running spot instances of one group, oldest first. */
    public synchronized List<String> interruptSpotInstances(String region, String group, int count) {
        return world.run("interruptSpotInstances", () -> {
            tick();
            return interruptAt(region, group, count, clock.instant());
        });
    }

    private List<String> interruptAt(String region, int count, Instant at) {
        return interruptAt(region, null, count, at);
    }

    private List<String> interruptAt(String region, String group, int count, Instant at) {
        List<SimInstance> targets = activeSpot().stream()
                .filter(i -> i.region.equals(region) && i.warnedAt == null && (group == null || group.equals(i.group)))
                .limit(count).toList();
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
            return state(group(DESCRIBE, region, groupName));
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

    /**
     * From {@code from} until {@code until}, the region holds at most {@code maxSpot} spot instances of
     * {@code instanceType} (null: of any type): a share change asking more is accepted, and its spot launches fail,
     * written as the group's failed launches ({@link #spotShortage}), as Auto Scaling does.
     */
    public synchronized void limitSpot(String region, String instanceType, int maxSpot, Instant from, Instant until) {
        if (maxSpot < 0) {
            throw new IllegalArgumentException("maxSpot must not be negative: " + maxSpot);
        }
        Catalog.zones("scenario:spot-shortage", region);
        world.run("limitSpot", () -> {
            spotCapacity.limits.add(new SpotCapacity.Limit(region, instanceType, maxSpot, from, until));
        });
    }

    /**
     * The spot instances running in the region outside {@code groupName} (other groups, lone replacements): what a spot
     * limit counts besides the group's own, so a shortage can be set for one group on a world others share.
     */
    public synchronized long spotInUseOutside(String region, String groupName) {
        return world.run("spotInUseOutside", () -> {
            tick();
            return live().stream().filter(i -> i.active() && i.lifecycle == Lifecycle.SPOT
                    && i.region.equals(region) && !groupName.equals(i.group)).count();
        });
    }

    /** How many more spot instances of the best of {@code types} the region can launch now (its spot limits'). */
    public synchronized long spotRoom(String region, List<String> types) {
        return world.run("spotRoom", () -> {
            tick();
            return spotCapacity.room(region, types, live(), clock.instant());
        });
    }

    /** Ends every spot limit of the region now (a shortage that clears). */
    public synchronized void endSpotLimits(String region) {
        world.run("endSpotLimits", () -> {
            Instant now = clock.instant();
            spotCapacity.limits.replaceAll(l -> l.region().equals(region) && l.until().isAfter(now)
                    ? new SpotCapacity.Limit(l.region(), l.instanceType(), l.maxSpot(), l.from(), now) : l);
        });
    }

    @Override
    public synchronized Optional<String> spotShortage(String region, String groupName, Instant since,
                                                      java.time.Duration watch) {
        // The simulated group launches (or fails to) within the call that changed it: nothing to wait for.
        return world.run("spotShortage", () -> {
            tick();
            SimGroup g = group("autoscaling:DescribeScalingActivities", region, groupName);
            return spotCapacity.shortage(region, groupName, since, members(g, Lifecycle.SPOT));
        });
    }

    @Override
    public synchronized InstanceInfo launch(LaunchRequest r) {
        return world.run("launch", () -> {
            tick();
            String detail = r.lifecycle() + " " + r.instanceTypes()
                    + (r.availabilityZone() == null ? "" : " in " + r.availabilityZone());
            // As on AWS: a token already used in the region returns its instance, whatever its state, and launches nothing.
            Optional<SimInstance> earlier = instances.values().stream().filter(i -> i.region.equals(r.region())
                    && r.clientToken().equals(i.tags.get(LAUNCH_TOKEN_TAG))).findFirst();
            if (earlier.isPresent()) {
                record("ec2:RunInstances", r.region(), r.planId(), detail + " replayed: " + earlier.get().id);
                return earlier.get().info();
            }
            record("ec2:RunInstances", r.region(), r.planId(), detail);
            Catalog.checkZone("ec2:RunInstances", r.region(), r.availabilityZone());
            Map<String, String> tags = new HashMap<>(r.tags());
            tags.put(OWNER_TAG, r.planId());
            tags.put(LAUNCH_TOKEN_TAG, r.clientToken());
            if (r.deploymentId() != null) {
                tags.put(DEPLOYMENT_TAG, r.deploymentId());
            }
            Map<String, Long> perZone = zoneCounts(live().stream()
                    .filter(i -> i.active() && i.region.equals(r.region())).toList());
            List<String> types = r.lifecycle() == Lifecycle.SPOT
                    ? spotCapacity.launchable(r.region(), r.instanceTypes(), activeSpot(), clock.instant())
                    : r.instanceTypes();
            Placement.Pool pool = (types.isEmpty() ? Optional.<Placement.Pool>empty()
                    : placement.choose(r.region(), types, r.availabilityZone(), r.lifecycle(),
                            SpotShare.PRICE_CAPACITY_OPTIMIZED, perZone, clock.instant()))
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
    public synchronized GroupReplacement replaceInGroup(String region, String groupName, String instanceId) {
        return world.run("replaceInGroup", () -> {
            tick();
            String op = "autoscaling:TerminateInstanceInAutoScalingGroup";
            SimGroup group = group(op, region, groupName);
            SimInstance i = instances.get(instanceId);
            GroupReplacement.Outcome outcome;
            if (i == null || !i.region.equals(region)) {
                outcome = GroupReplacement.Outcome.GONE;
            } else if (!i.active()) {
                outcome = GroupReplacement.Outcome.ALREADY_TERMINATING;
            } else if (!groupName.equals(i.group)) {
                outcome = GroupReplacement.Outcome.NOT_IN_GROUP;
            } else {
                record(op, region, instanceId, "group=" + groupName + " decrement=false");
                i.state = "terminated";
                // The desired capacity stays: the group backfills per its distribution, as Auto Scaling does.
                reconcile(group);
                outcome = GroupReplacement.Outcome.TERMINATION_REQUESTED;
            }
            return new GroupReplacement(instanceId, outcome);
        });
    }

    @Override
    public synchronized List<InstanceInfo> ownedInstances(String region, String deploymentId) {
        Objects.requireNonNull(deploymentId, "deploymentId");
        return ownedInstances(region).stream().filter(i -> deploymentId.equals(i.tags().get(DEPLOYMENT_TAG))).toList();
    }

    @Override
    public synchronized List<InstanceInfo> ownedInstances(String region) {
        return world.run("ownedInstances", () -> {
            tick();
            return live().stream()
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

    @Override
    public synchronized boolean removeScalingRules(String region, String groupName) {
        return world.run("removeScalingRules", () -> {
            tick();
            SimGroup group = group("autoscaling:DescribePolicies", region, groupName);
            if (group.rules == null) {
                return false;
            }
            record("autoscaling:DeletePolicy", region, groupName, "remove " + group.rules);
            group.rules = null;
            return true;
        });
    }

    /** The simulation has no launch templates and every group a mixed policy: those parts are fixed. */
    @Override
    public synchronized GroupConfig captureConfig(String region, String groupName) {
        return world.run("captureConfig", () -> {
            tick();
            SimGroup g = group(DESCRIBE, region, groupName);
            SpotShare s = g.share;
            return new GroupConfig(g.min, g.max, g.desired, true, s.onDemandBaseCapacity(), s.onDemandPercentAboveBase(),
                    s.spotAllocationStrategy(), s.spotMaxPrice(), null, null, s.instanceTypes());
        });
    }

    /**
     * Check-before-act like AWS. A config without a mixed policy (captured on AWS) becomes the simulation's
     * nearest equivalent: all on-demand of the same types.
     */
    @Override
    public synchronized boolean restoreConfig(String region, String groupName, GroupConfig config) {
        return world.run("restoreConfig", () -> {
            GroupConfig current = captureConfig(region, groupName);
            GroupConfig target = simulable(config, current);
            if (current.equals(target)) {
                return false;
            }
            String op = "autoscaling:UpdateAutoScalingGroup";
            target.instanceTypes().forEach(t -> Catalog.onDemandMicros(op, region, t));
            record(op, region, groupName, "restore " + target);
            SimGroup g = group(op, region, groupName);
            g.min = target.min();
            g.max = target.max();
            g.desired = target.desired();
            g.share = target.share();
            reconcile(g);
            return true;
        });
    }

    private static GroupConfig simulable(GroupConfig c, GroupConfig current) {
        boolean mixed = c.mixedInstancesPolicy();
        return new GroupConfig(c.min(), c.max(), c.desired(), true, mixed ? c.onDemandBase() : 0,
                mixed ? c.onDemandPercentAboveBase() : 100,
                mixed ? c.spotAllocationStrategy() : current.spotAllocationStrategy(), mixed ? c.spotMaxPrice() : null,
                null, null, c.instanceTypes().isEmpty() ? current.instanceTypes() : c.instanceTypes());
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
        FleetRecords.export(launched, groups.values(), instances.values(), calls, w);
        spotCapacity.exportInto(w);
    }

    /** Replaces this process's view with the shared one (another process changed it). */
    void restore(WorldState w) {
        launched = FleetRecords.restore(w, groups, instances, calls);
        spotCapacity.restore(w);
        live.clear();
        byGroup.clear();
        instances.values().forEach(this::index);
        interruptions.rememberWarned(instances.values());
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
                List<String> types = lifecycle == Lifecycle.SPOT
                        ? spotCapacity.launchable(g.region, g.share.instanceTypes(), activeSpot(), now)
                        : g.share.instanceTypes();
                if (types.isEmpty()) {
                    spotCapacity.failed(g.region, g.name, now, g.share.instanceTypes());
                    break; // written as the group's failed launch, as Auto Scaling's activities do
                }
                Optional<Placement.Pool> pool = placement.choose(g.region, types, null, lifecycle,
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
        index(i);
        return i;
    }

    private void index(SimInstance i) {
        if (i.active()) {
            live.put(i.id, i);
        }
        if (i.group != null) {
            byGroup.computeIfAbsent(key(i.region, i.group), k -> new ArrayList<>()).add(i);
        }
    }

    /** The instances not terminated, in launch order (what a filter on {@code active()} over all would give). */
    private Collection<SimInstance> live() {
        live.values().removeIf(i -> !i.active());
        return live.values();
    }

    private List<SimInstance> members(SimGroup g, Lifecycle lifecycle) {
        List<SimInstance> all = byGroup.get(key(g.region, g.name));
        if (all == null) {
            return List.of();
        }
        all.removeIf(i -> !i.active());
        return all.stream().filter(i -> lifecycle == null || i.lifecycle == lifecycle).toList();
    }

    private List<SimInstance> activeSpot() {
        return live().stream().filter(i -> i.lifecycle == Lifecycle.SPOT).toList();
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
                s.spotAllocationStrategy(), s.instanceTypes(), members(g, null).stream().map(SimInstance::info).toList(),
                s.spotMaxPrice());
    }

    private void record(String operation, String region, String target, String detail) {
        calls.add(new CapacityCall(clock.instant(), operation, region, target, detail));
    }

    private static String key(String region, String name) {
        return region + "/" + name;
    }
}
