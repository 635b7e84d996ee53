package dev.spotshift.cloud.sim;

import dev.spotshift.cloud.Lifecycle;
import dev.spotshift.cloud.ScalingRules;
import dev.spotshift.cloud.SpotShare;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The fleet's groups, instances and call ledger to and from their file form ({@link WorldState}). */
final class FleetRecords {

    private FleetRecords() {
    }

    static void export(long launched, Collection<SimGroup> groups, Collection<SimInstance> instances,
                       List<CapacityCall> calls, WorldState w) {
        w.launched = launched;
        for (SimGroup g : groups) {
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
            f.spotMaxPrice = g.share.spotMaxPrice();
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
        for (SimInstance i : instances) {
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

    /** Fills the (cleared) collections from {@code w}; returns the launch counter. */
    static long restore(WorldState w, Map<String, SimGroup> groups, Map<String, SimInstance> instances,
                        List<CapacityCall> calls) {
        groups.clear();
        for (WorldState.Group f : w.groups) {
            SimGroup g = new SimGroup(f.region, f.name, f.min, f.max, f.desired, new SpotShare(f.onDemandBase,
                    f.onDemandPercentAboveBase, f.allocationStrategy, f.instanceTypes, f.spotMaxPrice));
            if (f.rules != null) {
                WorldState.Rules r = f.rules;
                g.rules = new ScalingRules(r.minSize, r.maxSize, r.scaleOutCpuPercent, Duration.parse(r.scaleOutAfter),
                        r.scaleInCpuPercent, Duration.parse(r.scaleInAfter));
            }
            groups.put(g.region + "/" + g.name, g);
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
        return w.launched;
    }
}
