package dev.spotshift.bridge;

import dev.spotshift.bridge.domain.LivePlan;
import dev.spotshift.bridge.domain.LivePlans;
import dev.spotshift.events.DecisionOutcome;
import dev.spotshift.events.MigrationDecision;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.Workload;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.streams.DecodeOrDeadLetter;
import dev.spotshift.schemas.streams.TopicFollower;
import dev.spotshift.schemas.streams.TopicLog;
import dev.spotshift.schemas.streams.Transience;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps the {@link LivePlans} directory from migration-decisions and migration-status.
 *
 * <p>Every replica needs every plan, so the shared whole-topic reader ({@link TopicLog} kept up by a
 * {@link TopicFollower}) reads both topics from the beginning: a consumer group would split the plans between
 * replicas, and a GlobalKTable would add a Streams app and a state store for what is a small in-memory map.
 *
 * <p>Each record goes through the shared {@link DecodeOrDeadLetter} step. One that can never be read (garbage, no key,
 * another event's type) is written to dead-letters with its reason and passed over: the monitor, the one writer of
 * migration-status, does not read it back, so nobody else would ever say it was there. The bridge reads from the
 * beginning at every start and may run as several replicas, so the same bad record can be reported once per replica
 * start; within one process it is reported once. A registry that cannot be reached is not the record's fault: the
 * reader stays on that offset and tries again, so a blip never drops a plan's decision or its end.
 */
@ApplicationScoped
public class PlanDirectory {

    private static final Logger LOG = Logger.getLogger(PlanDirectory.class);
    static final String CONSUMER = "cloud-bridge";

    private final LivePlans plans = new LivePlans();
    private final String bootstrapServers;
    private final String registryUrl;
    private final BridgeMetrics metrics;
    private final Publisher publisher;
    /** Source coordinates ("topic-partition@offset") this process has already dead-lettered. */
    private final java.util.Set<String> deadLettered = new HashSet<>();
    private TopicFollower follower;

    public PlanDirectory(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                         @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url") String registryUrl,
                         BridgeMetrics metrics, Publisher publisher) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
        this.metrics = metrics;
        this.publisher = publisher;
    }

    void start(@Observes StartupEvent event) {
        TopicLog log = TopicLog.open(bootstrapServers, registryUrl, CONSUMER,
                List.of(Topics.MIGRATION_DECISIONS, Topics.MIGRATION_STATUS), Duration.ofSeconds(2));
        follower = new TopicFollower("plan-directory", log, this::accept, new TopicFollower.Listener() {
            @Override
            public void brokerUnanswered() {
                metrics.pollFailure("kafka");
            }

            @Override
            public void transientFailure(Throwable cause) {
                metrics.pollFailure("registry");
            }
        });
        follower.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (follower != null) {
            follower.stop();
        }
    }

    public LivePlans plans() {
        return plans;
    }

    /** Both topics were read up to where they ended when the reader started: the directory is complete. */
    public boolean caughtUp() {
        return follower != null && follower.caughtUp();
    }

    public Instant lastContact() {
        return follower == null ? null : follower.lastContact();
    }

    Instant heartbeat() {
        return follower == null ? Instant.now() : follower.heartbeat();
    }

    boolean alive() {
        return follower != null && follower.alive();
    }

    /** One record through the decode step, as the reader hands it on; false when it must be read again later. */
    boolean handle(ConsumerRecord<byte[], byte[]> r, DecodeOrDeadLetter<?> decoder) {
        try {
            return accept(r, decoder.decode(r));
        } catch (RuntimeException e) {
            if (!Transience.isTransient(e)) {
                throw e;
            }
            return false;
        }
    }

    private boolean accept(ConsumerRecord<byte[], byte[]> r, DecodeOrDeadLetter.Outcome<?> outcome) {
        if (outcome instanceof DecodeOrDeadLetter.Decoded<?> d) {
            try {
                apply(d.value());
            } catch (RuntimeException e) {
                // One record the directory cannot use must not stop the reader (and, through liveness, the bridge).
                return deadLetter(r, new DecodeOrDeadLetter.Unreadable<>(dev.spotshift.schemas.DeadLetters.of(r.topic(),
                        r.partition(), r.offset(), r.key(), r.value(), "not usable by the live-plan directory: "
                                + dev.spotshift.schemas.DeadLetters.describe(e), e, CONSUMER, Instant.now())));
            }
        } else if (outcome instanceof DecodeOrDeadLetter.Unreadable<?> u) {
            return deadLetter(r, u);
        }
        // A tombstone on migration-status deletes a status; it ends no plan the directory knows of.
        return true;
    }

    private boolean deadLetter(ConsumerRecord<byte[], byte[]> r, DecodeOrDeadLetter.Unreadable<?> u) {
        String where = r.topic() + "-" + r.partition() + "@" + r.offset();
        if (deadLettered.contains(where)) {
            return true;
        }
        try {
            publisher.deadLetter(u.letter().getKey(), u.letter());
        } catch (Exception e) {
            LOG.warnf("dead letter for %s could not be written, reading the record again: %s", where,
                    dev.spotshift.schemas.DeadLetters.describe(e));
            metrics.pollFailure("kafka");
            return false;
        }
        deadLettered.add(where);
        metrics.directorySkipped();
        LOG.warnf("dead letter for %s: %s", where, u.reason());
        return true;
    }

    void apply(Object value) {
        if (value instanceof MigrationDecision d) {
            metrics.received(Topics.MIGRATION_DECISIONS.name(), "MigrationDecision");
            if (d.getOutcome() == DecisionOutcome.APPROVED) {
                plans.approved(livePlan(d));
            }
        } else if (value instanceof MigrationStatus s) {
            metrics.received(Topics.MIGRATION_STATUS.name(), "MigrationStatus");
            if (s.getTerminal()) {
                plans.ended(s.getPlanId());
            }
        }
    }

    static LivePlan livePlan(MigrationDecision d) {
        Workload w = d.getPlan().getWorkload();
        var checkpoint = d.getPlan().getCheckpoint();
        return new LivePlan(d.getEnvelope().getPlanId(), w.getRegion(), w.getAutoScalingGroupName(),
                new HashSet<>(w.getInstanceIds()), d.getEnvelope().getOccurredAt(), d.getEnvelope().getEventId(),
                d.getEnvelope().getTraceparent(), checkpoint == null || checkpoint.getLocation() == null ? null
                        : java.net.URI.create(checkpoint.getLocation()));
    }
}
