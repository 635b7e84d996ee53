package dev.spotshift.executor.streams;

import dev.spotshift.cloud.Cloud;
import dev.spotshift.cloud.CapacityManager;
import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.InstanceInfo;
import dev.spotshift.cloud.Lifecycle;
import dev.spotshift.events.EventEnvelope;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.SpotCapacityReaped;
import dev.spotshift.executor.domain.Reaper;
import dev.spotshift.executor.domain.RolloutState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.common.utils.Utils;
import org.jboss.logging.Logger;

/** One reaper pass of one task: list tagged capacity, judge it (domain), terminate or report, say what was done. */
public final class ReaperPass {

    private static final Logger LOG = Logger.getLogger(ReaperPass.class);

    private final Cloud cloud;
    private final ReaperSettings settings;
    private final String producer;
    private final String deploymentId;

    public ReaperPass(Cloud cloud, ReaperSettings settings, String producer, String deploymentId) {
        this.cloud = cloud;
        this.settings = settings;
        this.producer = producer;
        this.deploymentId = deploymentId;
    }

    ReaperSettings settings() {
        return settings;
    }

    /** The events to publish, keyed by the tagged plan id; {@code left} gets the orphans still running afterwards. */
    List<RolloutEvent> run(int partition, Set<String> knownRegions, Function<String, RolloutState> plans, Instant now,
                           long[] left) {
        Set<String> regions = new LinkedHashSet<>(settings.regions());
        regions.addAll(knownRegions);
        List<Reaper.Owned> owned = new ArrayList<>();
        for (String region : regions) {
            try {
                // Only this deployment's instances: another installation's are never judged, let alone terminated.
                cloud.capacity().ownedInstances(region, deploymentId).stream().filter(InstanceInfo::isActive)
                        .map(i -> new Reaper.Owned(i.instanceId(), i.tags().get(CapacityManager.OWNER_TAG),
                                i.lifecycle() == Lifecycle.SPOT, i.instanceType(), i.availabilityZone(), i.launchedAt()))
                        .filter(o -> o.planId() != null).forEach(owned::add);
            } catch (CloudException e) {
                LOG.warnf("reaper: cannot list owned instances in %s: %s", region, e.getMessage());
            }
        }
        List<RolloutEvent> events = new ArrayList<>();
        long stillRunning = 0;
        for (Reaper.Orphan o : Reaper.orphans(owned, plans, id -> owns(partition, id), now,
                settings.grace().toMillis())) {
            String region = o.plan() != null ? o.plan().plan().region() : regionOf(o.instance().instanceId(), regions);
            boolean terminated = false;
            String reason = o.reason();
            if (settings.dryRun()) {
                reason += "; dry-run: reported, not terminated";
            } else {
                try {
                    cloud.capacity().terminate(region, o.instance().instanceId());
                    terminated = true;
                } catch (CloudException e) {
                    reason += "; termination failed: " + e.getMessage();
                }
            }
            stillRunning += terminated ? 0 : 1;
            LOG.infof("reaper: %s instance %s of plan %s: %s", terminated ? "terminated" : "found",
                    o.instance().instanceId(), o.instance().planId(), reason);
            events.add(event(o, terminated, reason, now));
        }
        left[0] = stillRunning;
        return events;
    }

    /** Kafka's default partitioner: the plan's records, and so its state, live in this partition. */
    private boolean owns(int partition, String planId) {
        return Utils.toPositive(Utils.murmur2(planId.getBytes(StandardCharsets.UTF_8))) % settings.partitions()
                == partition;
    }

    private String regionOf(String instanceId, Set<String> regions) {
        for (String region : regions) {
            try {
                if (cloud.capacity().ownedInstances(region, deploymentId).stream()
                        .anyMatch(i -> i.instanceId().equals(instanceId))) {
                    return region;
                }
            } catch (CloudException e) {
                // try the next region
            }
        }
        return regions.iterator().next();
    }

    private RolloutEvent event(Reaper.Orphan o, boolean terminated, String reason, Instant now) {
        String planId = o.instance().planId();
        // One id per instance and outcome: a pass repeated after a crash republishes the same event.
        String id = UUID.nameUUIDFromBytes((o.instance().instanceId() + "/reaped/" + terminated)
                .getBytes(StandardCharsets.UTF_8)).toString();
        EventEnvelope envelope = EventEnvelope.newBuilder().setEventId(id).setPlanId(planId).setOccurredAt(now)
                .setProducer(producer).setCausationId(o.plan() == null ? null : o.plan().lastEventId())
                .setTraceparent(null).build();
        return RolloutEvent.newBuilder().setEnvelope(envelope)
                .setSpotPercent(o.plan() == null ? 0 : o.plan().spotPercent())
                .setStage(o.plan() == null ? MigrationStage.UNKNOWN_STAGE : MigrationStage.valueOf(o.plan().stage().name()))
                .setPayload(new SpotCapacityReaped(o.instance().instanceId(), o.instance().instanceType(),
                        o.instance().availabilityZone(), o.plan() != null, terminated, reason))
                .build();
    }
}
