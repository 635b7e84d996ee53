package dev.spotshift.executor.streams;

import dev.spotshift.events.CloudCommand;
import dev.spotshift.events.CloudOutcome;
import dev.spotshift.events.EventEnvelope;
import dev.spotshift.events.InstanceTerminated;
import dev.spotshift.events.OwnedCapacitySeen;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.SpotCapacityReaped;
import dev.spotshift.events.TerminateInstance;
import dev.spotshift.executor.domain.Reaper;
import dev.spotshift.executor.domain.ReaperSettings;
import dev.spotshift.executor.domain.Reaping;
import dev.spotshift.executor.domain.RolloutState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * The reaper's part in the stream: judges each census sighting of owned capacity with the domain's rules, orders
 * an orphan's termination as a {@link CloudCommand} (or in dry-run only reports it) and announces each answered
 * termination once as {@code SpotCapacityReaped}. It never calls the cloud: the actuator lists and terminates.
 * Orphans are followed in their own store (by instance id), never in plan state: an unknown plan gets none.
 */
final class ReaperJudge {

    private static final Logger LOG = Logger.getLogger(ReaperJudge.class);

    private final ReaperSettings settings;
    private final String deploymentId;
    private final String producer;
    private final ExecutorMetrics metrics;
    private KeyValueStore<String, Reaping> store;
    private int partition;

    ReaperJudge(ReaperSettings settings, String deploymentId, String producer, ExecutorMetrics metrics) {
        this.settings = settings == null ? ReaperSettings.disabled() : settings;
        this.deploymentId = deploymentId;
        this.producer = producer;
        this.metrics = metrics;
    }

    ReaperSettings settings() {
        return settings;
    }

    /** {@code store} null: the processor runs without one (a test), and the reaper's records are ignored. */
    void init(KeyValueStore<String, Reaping> store, int partition) {
        this.store = store;
        this.partition = partition;
    }

    /** A census sighting or the outcome of a termination: the reaper's, not the rollout machine's. */
    static boolean concerns(SpecificRecord value) {
        return value instanceof CloudOutcome o && (o.getResult() instanceof OwnedCapacitySeen
                || o.getResult() instanceof InstanceTerminated
                || TerminateInstance.class.getSimpleName().equals(o.getAction()));
    }

    /** What to forward (cloud commands, rollout events) for one reaper record of {@code planId}. */
    List<SpecificRecord> handle(String planId, CloudOutcome o, RolloutState plan, Instant now) {
        if (store == null || !settings.enabled()) {
            ignored(planId, o, "the reaper is off");
            return List.of();
        }
        if (o.getResult() instanceof OwnedCapacitySeen seen) {
            return judge(planId, o, seen, plan, now);
        }
        if (!(o.getResult() instanceof InstanceTerminated t)) {
            ignored(planId, o, "a termination outcome without its instance");
            return List.of();
        }
        Reaper.Answer answer = Reaper.answered(store.get(t.getInstanceId()), o.getCommandId(), o.getSucceeded(),
                o.getSucceeded() ? t.getDetail() : (o.getError() == null ? t.getDetail() : o.getError()), now);
        if (!answer.applied()) {
            ignored(planId, o, answer.ignoredReason());
            return List.of();
        }
        store.put(t.getInstanceId(), answer.after());
        count(now);
        Reaping r = answer.after();
        LOG.infof("reaper: instance %s of plan %s %s: %s", r.instanceId(), planId,
                o.getSucceeded() ? "terminated" : "still running", answer.announcedReason());
        return List.of(reaped(r, plan, o.getSucceeded(), answer.announcedReason(), o.getEnvelope(), now));
    }

    private List<SpecificRecord> judge(String planId, CloudOutcome o, OwnedCapacitySeen s, RolloutState plan,
                                       Instant now) {
        Reaper.Owned owned = new Reaper.Owned(s.getInstanceId(), planId, s.getSpot(), s.getInstanceType(),
                s.getAvailabilityZone(), s.getLaunchedAt(), s.getShadow());
        Reaping before = store.get(s.getInstanceId());
        Reaper.Judgement j = Reaper.seen(owned, before, plan, owns(planId), now, settings.grace().toMillis(),
                settings.dryRun());
        if (j.after() == before) {
            return List.of();
        }
        store.put(s.getInstanceId(), j.after());
        List<SpecificRecord> out = new ArrayList<>();
        Reaping r = j.after();
        if (j.act() == Reaper.Act.TERMINATE) {
            LOG.infof("reaper: ordering instance %s of plan %s terminated (attempt %d): %s", r.instanceId(), planId,
                    r.attempt(), r.reason());
            out.add(terminate(planId, s.getRegion(), r, o.getEnvelope(), now));
        } else if (j.act() == Reaper.Act.REPORT) {
            String reason = r.reason() + "; dry-run: reported, not terminated";
            LOG.infof("reaper: found instance %s of plan %s: %s", r.instanceId(), planId, reason);
            out.add(reaped(r, plan, false, reason, o.getEnvelope(), now));
        }
        count(now);
        return out;
    }

    /** Forgets orphans not seen for a while (ended by someone, or answered long ago) and refreshes the gauge. */
    void sweep(Instant now) {
        if (store == null || !settings.enabled()) {
            return;
        }
        List<String> forgotten = new ArrayList<>();
        try (KeyValueIterator<String, Reaping> all = store.all()) {
            all.forEachRemaining(kv -> {
                if (Reaper.forgotten(kv.value, now, 3 * settings.every().toMillis())) {
                    forgotten.add(kv.key);
                }
            });
        }
        forgotten.forEach(store::delete);
        count(now);
    }

    /** The gauge: orphans of this task still running as of the latest sightings (0 expected; dry-run counts). */
    private void count(Instant now) {
        long running = 0;
        try (KeyValueIterator<String, Reaping> all = store.all()) {
            while (all.hasNext()) {
                if (Reaper.stillRunning(all.next().value, now, 2 * settings.every().toMillis())) {
                    running++;
                }
            }
        }
        metrics.orphaned(partition, running);
    }

    private void ignored(String planId, CloudOutcome o, String why) {
        metrics.ignored(o.getResult() == null ? o.getAction() : o.getResult().getClass().getSimpleName());
        LOG.infof("reaper: ignored %s %s of plan %s: %s", o.getAction(), o.getCommandId(), planId, why);
    }

    /** Kafka's default partitioner: the plan's records, and so its state, live in this partition. */
    private boolean owns(String planId) {
        return Utils.toPositive(Utils.murmur2(planId.getBytes(StandardCharsets.UTF_8))) % settings.partitions()
                == partition;
    }

    /** Caused by the sighting and on its trace (the plan may have none: it may be unknown). */
    private CloudCommand terminate(String planId, String region, Reaping r, EventEnvelope sighting, Instant now) {
        return CloudCommand.newBuilder().setEnvelope(OutboundMapping.envelope(r.commandId(), planId, now, producer,
                        sighting.getEventId(), sighting.getTraceparent())).setCommandId(r.commandId()).setRegion(region)
                .setDeploymentId(deploymentId).setDryRun(false)
                .setAction(new TerminateInstance(r.instanceId(), r.instanceType(), r.availabilityZone(), r.planKnown(),
                        r.reason()))
                .build();
    }

    private RolloutEvent reaped(Reaping r, RolloutState plan, boolean terminated, String reason, EventEnvelope cause,
                                Instant now) {
        // One id per instance, attempt and outcome: a replayed answer republishes the same event.
        String id = UUID.nameUUIDFromBytes((r.instanceId() + "/reaped/" + r.attempt() + "/" + terminated)
                .getBytes(StandardCharsets.UTF_8)).toString();
        return OutboundMapping.about(plan, OutboundMapping.envelope(id, r.planId(), now, producer, cause.getEventId(),
                cause.getTraceparent()), new SpotCapacityReaped(r.instanceId(), r.instanceType(), r.availabilityZone(),
                plan != null, terminated, reason));
    }
}
