package dev.spotshift.bridge;

import dev.spotshift.bridge.domain.LivePlan;
import dev.spotshift.bridge.domain.LivePlans;
import dev.spotshift.events.DecisionOutcome;
import dev.spotshift.events.MigrationDecision;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.Workload;
import dev.spotshift.schemas.EventSerdes;
import dev.spotshift.schemas.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps the {@link LivePlans} directory from migration-decisions and migration-status.
 *
 * <p>Every replica needs every plan, so this is a plain consumer that assigns all partitions of both topics and
 * reads them from the beginning (no group, no commits): a consumer group would split the plans between replicas,
 * and a GlobalKTable would add a Streams app and a state store for what is a small in-memory map.
 * read_committed: a decision or status of an aborted transaction never made a plan live or ended it.
 */
@ApplicationScoped
public class PlanDirectory {

    private static final Logger LOG = Logger.getLogger(PlanDirectory.class);
    private static final Duration POLL = Duration.ofMillis(500);
    /** How often the end offsets are asked for: the broker contact readiness follows. */
    private static final Duration CONTACT_EVERY = Duration.ofSeconds(5);

    private final LivePlans plans = new LivePlans();
    private final String bootstrapServers;
    private final String registryUrl;
    private final BridgeMetrics metrics;

    private volatile boolean running;
    private volatile boolean caughtUp;
    private volatile Instant lastContact;
    private volatile Instant heartbeat = Instant.now();
    private Thread thread;
    private KafkaConsumer<String, Object> consumer;

    public PlanDirectory(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                         @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url") String registryUrl,
                         BridgeMetrics metrics) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::run, "plan-directory");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        KafkaConsumer<String, Object> c = consumer;
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
        @SuppressWarnings("unchecked")
        Deserializer<Object> values = (Deserializer<Object>) EventSerdes.avroSerde(registryUrl, false).deserializer();
        try (KafkaConsumer<String, Object> c = new KafkaConsumer<>(p, new StringDeserializer(), values)) {
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
                poll(c);
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

    private List<TopicPartition> assignAll(KafkaConsumer<String, Object> c) {
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

    private Map<TopicPartition, Long> endOffsets(KafkaConsumer<String, Object> c, List<TopicPartition> partitions) {
        try {
            Map<TopicPartition, Long> ends = c.endOffsets(partitions, Duration.ofSeconds(2));
            lastContact = Instant.now();
            return ends;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            metrics.pollFailure("kafka");
            return null;
        }
    }

    private static boolean reached(KafkaConsumer<String, Object> c, Map<TopicPartition, Long> target) {
        for (Map.Entry<TopicPartition, Long> e : target.entrySet()) {
            if (c.position(e.getKey(), Duration.ofSeconds(2)) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void poll(KafkaConsumer<String, Object> c) {
        try {
            for (ConsumerRecord<String, Object> r : c.poll(POLL)) {
                apply(r.value());
            }
        } catch (RecordDeserializationException e) {
            // The writer's own dead-letter path owns bad records; a reader replica copying them would only duplicate.
            LOG.warnf("skipping undecodable record %s@%d: %s", e.topicPartition(), e.offset(), e.getMessage());
            metrics.directorySkipped();
            c.seek(e.topicPartition(), e.offset() + 1);
        }
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
