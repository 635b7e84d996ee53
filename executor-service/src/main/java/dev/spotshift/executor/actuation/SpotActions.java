package dev.spotshift.executor.actuation;

import dev.spotshift.cloud.Checksums;
import dev.spotshift.cloud.Cloud;
import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.GroupReplacement;
import dev.spotshift.cloud.InstanceInfo;
import dev.spotshift.cloud.InterruptionFrequency;
import dev.spotshift.cloud.LaunchRequest;
import dev.spotshift.cloud.Lifecycle;
import dev.spotshift.cloud.SpotPricePoint;
import dev.spotshift.cloud.StoredObject;
import dev.spotshift.events.CheckpointHead;
import dev.spotshift.events.CloudCommand;
import dev.spotshift.events.LaunchReplacement;
import dev.spotshift.events.MarketHealth;
import dev.spotshift.events.ReadMarket;
import dev.spotshift.events.ReplacementResult;
import dev.spotshift.events.RestoreChecked;
import dev.spotshift.events.TypeHealthReading;
import dev.spotshift.events.ValidateRestore;
import dev.spotshift.events.VerifyCheckpoint;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The interruption path's and the return to spot's cloud actions; each answers with what it found or did. */
final class SpotActions {

    /** Tag on a replacement naming the instance it replaces, so an audit can pair them in the cloud too. */
    static final String REPLACES_TAG = "spotshift:replaces";

    private final Cloud cloud;

    SpotActions(Cloud cloud) {
        this.cloud = cloud;
    }

    /** The workload says what it wrote; the store must hold exactly that (size and checksum recorded at write). */
    CheckpointHead verify(VerifyCheckpoint c) {
        try {
            Optional<StoredObject> head = cloud.checkpoints().head(URI.create(c.getLocation()));
            if (head.isEmpty()) {
                return new CheckpointHead(false, 0L, null, "no object at " + c.getLocation());
            }
            StoredObject o = head.get();
            if (c.getSha256() != null && !c.getSha256().equalsIgnoreCase(o.sha256())) {
                return new CheckpointHead(false, o.sizeBytes(), o.sha256(), "reported sha256 " + c.getSha256()
                        + " but the store holds " + o.sha256());
            }
            return new CheckpointHead(true, o.sizeBytes(), o.sha256(), "present");
        } catch (CloudException | IllegalArgumentException e) {
            return new CheckpointHead(false, 0L, null, e.getMessage());
        }
    }

    /**
     * A group's instance is replaced by the group itself: terminated with the desired capacity kept, so the group
     * stays at its target and nothing runs beside it. A plan given as instance ids gets one launched instance:
     * spot in the given types first, on-demand of the fallback type when spot is short (only then: a timeout or a
     * throttled call is not a shortage and launches nothing else); each launch's client token is derived from the
     * command id, so the same command carried out again returns the same instance.
     */
    ReplacementResult launch(CloudCommand command, LaunchReplacement c) {
        if (command.getDryRun()) {
            return new ReplacementResult(null, null, null, c.getSpot(), "dry run: nothing launched");
        }
        if (c.getGroupName() != null) {
            return inGroup(command, c);
        }
        String planId = command.getEnvelope().getPlanId();
        Map<String, String> tags = Map.of(REPLACES_TAG, c.getInterruptedInstanceId());
        String spotProblem = null;
        if (c.getSpot()) {
            try {
                return started(c, cloud.capacity().launch(new LaunchRequest(command.getRegion(), null,
                        c.getInstanceTypes(), Lifecycle.SPOT, planId, tags, token(command), deployment(command))));
            } catch (CloudException e) {
                if (e.kind() != CloudException.Kind.INSUFFICIENT_CAPACITY) {
                    return new ReplacementResult(null, null, null, true, "spot: " + e.getMessage());
                }
                spotProblem = e.getMessage();
            }
        }
        try {
            return started(c, cloud.capacity().launch(new LaunchRequest(command.getRegion(), null,
                    List.of(c.getFallbackType()), Lifecycle.ON_DEMAND, planId, tags, token(command),
                    deployment(command))));
        } catch (CloudException e) {
            return new ReplacementResult(null, null, null, false,
                    (spotProblem == null ? "" : "spot: " + spotProblem + "; ") + "on-demand: " + e.getMessage());
        }
    }

    private ReplacementResult inGroup(CloudCommand command, LaunchReplacement c) {
        try {
            java.util.Set<String> before = cloud.capacity().describeGroup(command.getRegion(), c.getGroupName())
                    .instances().stream().map(InstanceInfo::instanceId).collect(Collectors.toSet());
            GroupReplacement r = cloud.capacity().replaceInGroup(command.getRegion(), c.getGroupName(),
                    c.getInterruptedInstanceId());
            if (r.outcome() == GroupReplacement.Outcome.NOT_IN_GROUP) {
                return new ReplacementResult(null, null, null, c.getSpot(), c.getInterruptedInstanceId()
                        + " is not in group " + c.getGroupName() + ": nothing was done to it");
            }
            // The group launches the replacement itself: named when it is already there, else by the group.
            Optional<InstanceInfo> fresh = cloud.capacity().describeGroup(command.getRegion(), c.getGroupName())
                    .instances().stream().filter(i -> i.isActive() && !before.contains(i.instanceId())).findFirst();
            return fresh.map(i -> started(c, i)).orElseGet(() -> new ReplacementResult("asg:" + c.getGroupName(),
                    "as the group's distribution chooses", "", c.getSpot(), null));
        } catch (CloudException e) {
            return new ReplacementResult(null, null, null, c.getSpot(), "group " + c.getGroupName() + ": "
                    + e.getMessage());
        }
    }

    private static String deployment(CloudCommand c) {
        return c.getDeploymentId();
    }

    /**
     * One token per command, at most 64 characters as EC2 allows: a replay finds whatever the first run launched,
     * spot or the on-demand fallback, and launches nothing more.
     */
    static String token(CloudCommand c) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(c.getCommandId().getBytes(StandardCharsets.UTF_8));
            return "ss-" + HexFormat.of().formatHex(d).substring(0, 48);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ReplacementResult started(LaunchReplacement c, InstanceInfo i) {
        return new ReplacementResult(i.instanceId(), i.instanceType(),
                i.availabilityZone() == null ? "" : i.availabilityZone(), i.lifecycle() == Lifecycle.SPOT, null);
    }

    /** What the replacement restores from: read back and checked against the checksum recorded at write. */
    RestoreChecked validate(ValidateRestore c) {
        try {
            byte[] data = cloud.checkpoints().get(URI.create(c.getLocation()));
            String actual = Checksums.sha256Hex(data);
            return actual.equalsIgnoreCase(c.getSha256())
                    ? new RestoreChecked(true, data.length + " bytes, sha256 " + actual)
                    : new RestoreChecked(false, "read back sha256 " + actual + ", expected " + c.getSha256());
        } catch (CloudException | IllegalArgumentException e) {
            return new RestoreChecked(false, e.getMessage());
        }
    }

    /**
     * Price variation per type: (max - min) / min of each pool (type x AZ) over the lookback, the type reading as
     * its most volatile pool (zones differ in price level, which is no variation); the advisor band's lower bound as
     * its interruption rate (UNDER_5 reads 0 %). A type the market cannot answer for reads as unhealthy.
     */
    MarketHealth market(String region, ReadMarket c, Instant now) {
        List<TypeHealthReading> out = new ArrayList<>();
        for (String type : c.getInstanceTypes()) {
            try {
                Map<String, LongSummaryStatistics> pools = cloud.market().spotPriceHistory(region, List.of(type),
                        now.minusMillis(c.getLookbackMillis()), now).stream().collect(Collectors.groupingBy(
                        SpotPricePoint::availabilityZone, Collectors.summarizingLong(SpotPricePoint::priceMicros)));
                double variation = pools.isEmpty() ? 100.0 : pools.values().stream()
                        .mapToDouble(p -> p.getMin() == 0 ? 100.0 : 100.0 * (p.getMax() - p.getMin()) / p.getMin())
                        .max().orElse(100.0);
                out.add(new TypeHealthReading(type, variation,
                        lowerBound(cloud.market().interruptionFrequency(region, type))));
            } catch (CloudException e) {
                out.add(new TypeHealthReading(type, 100.0, 100.0));
            }
        }
        return new MarketHealth(out, c.getSpotCapacityFor() == null ? null
                : placementScore(region, c.getInstanceTypes(), c.getSpotCapacityFor()));
    }

    /**
     * The region-wide spot placement score for {@code count} instances of the types (the highest zone's where the
     * cloud gives no region-wide one); null when it cannot be read, which a shortage's hold reads as 'still short'.
     */
    private Integer placementScore(String region, List<String> types, int count) {
        try {
            List<dev.spotshift.cloud.PlacementScore> scores = cloud.market().placementScores(region, types,
                    Math.max(1, count));
            return scores.stream().filter(p -> p.availabilityZone() == null).findFirst()
                    .or(() -> scores.stream().max(java.util.Comparator.comparingInt(
                            dev.spotshift.cloud.PlacementScore::score)))
                    .map(dev.spotshift.cloud.PlacementScore::score).orElse(null);
        } catch (CloudException e) {
            return null;
        }
    }

    private static double lowerBound(InterruptionFrequency band) {
        InterruptionFrequency[] all = InterruptionFrequency.values();
        return band.ordinal() == 0 ? 0.0 : all[band.ordinal() - 1].upperBoundPercent();
    }
}
