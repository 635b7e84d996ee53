package dev.spotshift.cloud.sim;

import dev.spotshift.cloud.Lifecycle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Spot capacity a region runs short of, and the failed launches Auto Scaling writes for it: as on AWS, a group's
 * share change is accepted whatever the capacity, the spot launches it needs fail, and the group's activities say so.
 * Kept in the fleet's world so every process of a demo sees one shortage. Mutable, guarded by the fleet's lock.
 */
final class SpotCapacity {

    /** At most {@code maxSpot} spot instances of {@code instanceType} (null: of any type) in the region, in [from, until). */
    record Limit(String region, String instanceType, int maxSpot, Instant from, Instant until) {
        boolean covers(String r, String type, Instant at) {
            return region.equals(r) && (instanceType == null || instanceType.equals(type)) && !at.isBefore(from)
                    && at.isBefore(until);
        }
    }

    /** A group's spot launch that failed for want of capacity, as its scaling activity reads. */
    record FailedLaunch(String region, String group, Instant at, String message) {
    }

    /** Auto Scaling's words for it, so a reader of the simulated account classifies it as it would AWS's. */
    static final String NO_SPOT = "Could not launch Spot Instances. InsufficientInstanceCapacity - There is no Spot "
            + "capacity available that matches your request. Launching EC2 instance failed.";
    /** Failed launches kept, newest last: a group retries its launches, the world file must not grow without end. */
    private static final int KEPT = 100;

    final List<Limit> limits = new ArrayList<>();
    final List<FailedLaunch> failures = new ArrayList<>();

    /** Of {@code types}, those the region can still launch as spot at {@code now}, given its running spot instances. */
    List<String> launchable(String region, List<String> types, Collection<SimInstance> running, Instant now) {
        return types.stream().filter(t -> limits.stream().filter(l -> l.covers(region, t, now))
                .allMatch(l -> inUse(l, running) < l.maxSpot())).toList();
    }

    /**
     * How many more spot instances the region can launch now in the best of {@code types} (a type no limit covers:
     * no bound), what a placement score for a request of that many reads as.
     */
    long room(String region, List<String> types, Collection<SimInstance> running, Instant now) {
        return types.stream().mapToLong(t -> limits.stream().filter(l -> l.covers(region, t, now))
                .mapToLong(l -> Math.max(0, l.maxSpot() - inUse(l, running))).min().orElse(Long.MAX_VALUE))
                .max().orElse(Long.MAX_VALUE);
    }

    private static long inUse(Limit l, Collection<SimInstance> running) {
        return running.stream().filter(i -> i.active() && i.lifecycle == Lifecycle.SPOT && i.region.equals(l.region())
                && (l.instanceType() == null || l.instanceType().equals(i.type))).count();
    }

    void failed(String region, String group, Instant at, List<String> types) {
        failures.add(new FailedLaunch(region, group, at, NO_SPOT + " (simulated: no spot capacity for " + types
                + " in " + region + ")"));
        while (failures.size() > KEPT) {
            failures.remove(0);
        }
    }

    /** As {@code CapacityManager.spotShortage} reads AWS's activities: the last failure since, unless spot launched after it. */
    Optional<String> shortage(String region, String group, Instant since, Collection<SimInstance> groupSpot) {
        List<FailedLaunch> since_ = failures.stream().filter(f -> f.region().equals(region) && f.group().equals(group)
                && !f.at().isBefore(since)).toList();
        Optional<FailedLaunch> last = since_.stream().max(Comparator.comparing(FailedLaunch::at));
        if (last.isEmpty() || groupSpot.stream().anyMatch(i -> i.launchedAt.isAfter(last.get().at()))) {
            return Optional.empty();
        }
        return Optional.of("Auto Scaling could not launch spot instances in group '" + group + "' since " + since + " ("
                + since_.size() + " failed launch" + (since_.size() == 1 ? "" : "es") + ", the last at "
                + last.get().at() + "): " + last.get().message());
    }

    void exportInto(WorldState w) {
        for (Limit l : limits) {
            WorldState.SpotLimit f = new WorldState.SpotLimit();
            f.region = l.region();
            f.instanceType = l.instanceType();
            f.maxSpot = l.maxSpot();
            f.from = l.from().toString();
            f.until = l.until().toString();
            w.spotLimits.add(f);
        }
        for (FailedLaunch x : failures) {
            WorldState.FailedLaunch f = new WorldState.FailedLaunch();
            f.region = x.region();
            f.group = x.group();
            f.at = x.at().toString();
            f.message = x.message();
            w.failedLaunches.add(f);
        }
    }

    void restore(WorldState w) {
        limits.clear();
        for (WorldState.SpotLimit f : w.spotLimits) {
            limits.add(new Limit(f.region, f.instanceType, f.maxSpot, Instant.parse(f.from), Instant.parse(f.until)));
        }
        failures.clear();
        for (WorldState.FailedLaunch f : w.failedLaunches) {
            failures.add(new FailedLaunch(f.region, f.group, Instant.parse(f.at), f.message));
        }
    }
}
