package dev.spotshift.bridge;

import dev.spotshift.bridge.domain.LivePlan;
import dev.spotshift.bridge.domain.LivePlans;
import dev.spotshift.events.DecisionOutcome;
import dev.spotshift.events.MigrationDecision;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.Workload;
import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.streams.DecodeOrDeadLetter;
import dev.spotshift.schemas.streams.Transience;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps the {@link LivePlans} directory from migration-decisions and migration-status.
 *
 * <p>Every replica needs every plan, so this is a plain consumer that assigns all partitions of both topics and
 * reads them from the beginning (no group, no commits): a consumer group would split the plans between replicas,
 * and a GlobalKTable would add a Streams app and a state store for what is a small in-memory map.
 * read_committed: a decision or status of an aborted transaction never made a plan live or ended it.
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
    private static final Duration POLL = Duration.ofMillis(500);
    /** How often the end offsets are asked for: the broker contact readiness follows. */
    private static final Duration CONTACT_EVERY = Duration.ofSeconds(5);
    /** How long the reader waits before reading a record again that failed for a transient cause. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    static final String CONSUMER = "cloud-bridge";

    private final LivePlans plans = new LivePlans();
    private final String bootstrapServers;
    private final String registryUrl;
    private final BridgeMetrics metrics;
    private final Publisher publisher;
    /** Source coordinates ("topic-partition@offset") this process has already dead-lettered. */
    private final java.util.Set<String> deadLettered = new HashSet<>();

    private volatile boolean running;
    private volatile boolean caughtUp;
    private volatile Instant lastContact;
    private volatile Instant heartbeat = Instant.now();
    private Thread thread;
    private KafkaConsumer<byte[], byte[]> consumer;

    public PlanDirectory(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                         @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url") String registryUrl,
                         BridgeMetrics metrics, Publisher publisher) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
        this.metrics = metrics;
        this.publisher = publisher;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::run, "plan-directory");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            thread.join(10_000);
        }
    }

    public LivePlans plans() {
        return plans;
    }

    /** Both topics were read up to where they ended when the reader started: the directory is complete. */
    public boolean caughtUp() {
        return caughtUp;
    }

    public Instant lastContact() {
        return lastContact;
    }

    Instant heartbeat() {
        return heartbeat;
    }

    boolean alive() {
        return thread != null && thread.isAlive();
    }

    private void run() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "cloud-bridge-directory");
        p.putAll(dev.spotshift.schemas.access.ServiceKafkaSecurity.settings());
        Map<String, DecodeOrDeadLetter<?>> decoders = Map.of(
                Topics.MIGRATION_DECISIONS.name(), decoder(Topics.MIGRATION_DECISIONS),
                Topics.MIGRATION_STATUS.name(), decoder(Topics.MIGRATION_STATUS));
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            List<TopicPartition> partitions = assignAll(c);
            Map<TopicPartition, Long> target = null;
            Instant nextContact = Instant.EPOCH;
            while (running) {
                heartbeat = Instant.now();
                if (!Instant.now().isBefore(nextContact)) {
                    nextContact = Instant.now().plus(CONTACT_EVERY);
                    Map<TopicPartition, Long> ends = endOffsets(c, partitions);
                    if (ends != null && target == null) {
                        target = ends;
                    }
                }
                poll(c, decoders);
                if (!caughtUp && target != null && reached(c, target)) {
                    caughtUp = true;
                    LOG.infof("live-plan directory complete: %d live plans", plans.size());
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("live-plan directory reader stopped; liveness will report it", e);
            throw e;
        } finally {
            consumer = null;
        }
    }

    private <V extends org.apache.avro.specific.SpecificRecord> DecodeOrDeadLetter<V> decoder(Topic<V> topic) {
        return new DecodeOrDeadLetter<>(topic, topic.valueSerde(registryUrl).deserializer(), CONSUMER, Clock.systemUTC());
    }

    private List<TopicPartition> assignAll(KafkaConsumer<byte[], byte[]> c) {
        while (running) {
            List<TopicPartition> partitions = new ArrayList<>();
            try {
                for (String topic : List.of(Topics.MIGRATION_DECISIONS.name(), Topics.MIGRATION_STATUS.name())) {
                    c.partitionsFor(topic, Duration.ofSeconds(5))
                            .forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
                }
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                metrics.pollFailure("kafka");
                heartbeat = Instant.now();
                continue;
            }
            if (new HashSet<>(partitions.stream().map(TopicPartition::topic).toList()).size() == 2) {
                c.assign(partitions);
                c.seekToBeginning(partitions);
                lastContact = Instant.now();
                return partitions;
            }
            LOG.warnf("waiting for topics %s and %s to exist", Topics.MIGRATION_DECISIONS, Topics.MIGRATION_STATUS);
            heartbeat = Instant.now();
            sleep(Duration.ofSeconds(1));
        }
        return List.of();
    }

    private Map<TopicPartition, Long> endOffsets(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> partitions) {
        try {
            Map<TopicPartition, Long> ends = c.endOffsets(partitions, Duration.ofSeconds(2));
            lastContact = Instant.now();
            return ends;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            metrics.pollFailure("kafka");
            return null;
        }
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> c, Map<TopicPartition, Long> target) {
        for (Map.Entry<TopicPartition, Long> e : target.entrySet()) {
            if (c.position(e.getKey(), Duration.ofSeconds(2)) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void poll(KafkaConsumer<byte[], byte[]> c, Map<String, DecodeOrDeadLetter<?>> decoders) {
        ConsumerRecords<byte[], byte[]> records = c.poll(POLL);
        for (TopicPartition tp : records.partitions()) {
            for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
                if (!handle(r, decoders.get(r.topic()))) {
                    // Not read for a transient cause: this partition starts again from this record after a pause.
                    c.seek(tp, r.offset());
                    heartbeat = Instant.now();
                    sleep(RETRY_AFTER);
                    break;
                }
            }
        }
    }

    /** False when the record must be read again later (the registry or the broker could not be reached). */
    boolean handle(ConsumerRecord<byte[], byte[]> r, DecodeOrDeadLetter<?> decoder) {
        DecodeOrDeadLetter.Outcome<?> outcome;
        try {
            outcome = decoder.decode(r);
        } catch (RuntimeException e) {
            if (!Transience.isTransient(e)) {
                throw e;
            }
            metrics.pollFailure("registry");
            LOG.warnf("record %s-%d@%d not read for a transient cause, reading it again: %s", r.topic(), r.partition(),
                    r.offset(), dev.spotshift.schemas.DeadLetters.describe(e));
            return false;
        }
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
        return new LivePlan(d.getEnvelope().getPlanId(), w.getRegion(), w.getAutoScalingGroupName(),
                new HashSet<>(w.getInstanceIds()), d.getEnvelope().getOccurredAt(), d.getEnvelope().getEventId(),
                d.getEnvelope().getTraceparent());
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
