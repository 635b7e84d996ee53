package dev.spotshift.executor.actuation;

import dev.spotshift.cloud.CapacityManager;
import dev.spotshift.cloud.Cloud;
import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.InstanceInfo;
import dev.spotshift.cloud.Lifecycle;
import dev.spotshift.events.CloudOutcome;
import dev.spotshift.events.EventEnvelope;
import dev.spotshift.events.OwnedCapacitySeen;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The reaper's eyes, outside the stream: lists this deployment's active tagged instances in the configured regions
 * and those the actuator's commands named, and says what it saw as one {@code OwnedCapacitySeen} outcome per
 * instance, keyed by the tagged plan id, so each lands on the executor task that owns the plan's state and judges
 * it there. A region that cannot be listed is skipped this pass: nothing in it is judged on a partial view.
 */
public final class CapacityCensus {

    private static final Logger LOG = Logger.getLogger(CapacityCensus.class);

    private final Cloud cloud;
    private final String deploymentId;
    private final String producer;
    private final Set<String> regions = ConcurrentHashMap.newKeySet();

    public CapacityCensus(Cloud cloud, String deploymentId, Collection<String> configuredRegions, String producer) {
        this.cloud = cloud;
        this.deploymentId = deploymentId;
        this.producer = producer;
        this.regions.addAll(configuredRegions);
    }

    /** A region a command named: plans run there, so their leftovers may too. */
    public void regionSeen(String region) {
        if (region != null && !region.isBlank()) {
            regions.add(region);
        }
    }

    /** One pass at {@code at}: the sightings to publish, in region order. */
    public List<CloudOutcome> take(Instant at) {
        List<CloudOutcome> seen = new ArrayList<>();
        for (String region : new java.util.TreeSet<>(regions)) {
            try {
                for (InstanceInfo i : cloud.capacity().ownedInstances(region, deploymentId)) {
                    String planId = i.tags().get(CapacityManager.OWNER_TAG);
                    if (i.isActive() && planId != null && !planId.isBlank()) {
                        seen.add(sighting(region, planId, i, at));
                    }
                }
            } catch (CloudException e) {
                LOG.warnf("census: cannot list owned instances in %s: %s", region, e.getMessage());
            }
        }
        return seen;
    }

    private CloudOutcome sighting(String region, String planId, InstanceInfo i, Instant at) {
        String pass = "census/" + deploymentId + "/" + at.toEpochMilli();
        EventEnvelope envelope = EventEnvelope.newBuilder()
                .setEventId(UUID.nameUUIDFromBytes((pass + "/" + i.instanceId()).getBytes(StandardCharsets.UTF_8))
                        .toString())
                .setPlanId(planId).setOccurredAt(at).setProducer(producer).setCausationId(null)
                // an observation starts a trace of its own: the order and the announcement it leads to follow it
                .setTraceparent(dev.spotshift.schemas.Envelopes.newTraceparent())
                .build();
        return CloudOutcome.newBuilder().setEnvelope(envelope).setCommandId(pass)
                .setAction(OwnedCapacitySeen.class.getSimpleName()).setSucceeded(true).setAttempts(1).setStartedAt(at)
                .setResult(new OwnedCapacitySeen(region, i.instanceId(), i.instanceType(), i.availabilityZone(),
                        i.lifecycle() == Lifecycle.SPOT, i.launchedAt(),
                        dev.spotshift.cloud.ShadowCapacity.SHADOW_ROLE.equals(
                                i.tags().get(dev.spotshift.cloud.ShadowCapacity.ROLE_TAG))))
                .build();
    }
}
