package dev.spotshift.operator.kafka;

import dev.spotshift.events.MigrationStatus;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.access.ServiceKafkaSecurity;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The latest migration-status of every plan, read whole from the compacted topic at each start by a plain consumer
 * (every partition assigned, no group, no commits: a committed offset would skip the state it must rebuild). The
 * operator answers deletions only once it has caught up, so it never takes a finished plan for a live one.
 */
@ApplicationScoped
public class StatusBoard {

    private static final Logger LOG = Logger.getLogger(StatusBoard.class);

    private final Map<String, MigrationStatus> latest = new ConcurrentHashMap<>();
    private final String bootstrapServers;
    private final String registryUrl;
    private volatile boolean running;
    private volatile boolean caughtUp;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    public StatusBoard(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                       @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url") String registryUrl) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::run, "migration-status-board");
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

    public MigrationStatus latest(String planId) {
        return latest.get(planId);
    }

    public Map<String, MigrationStatus> all() {
        return latest;
    }

    /** migration-status was read up to where it ended when the operator started. */
    public boolean caughtUp() {
        return caughtUp;
    }

    public boolean alive() {
        return thread != null && thread.isAlive();
    }

    private void run() {
        Properties p = new Properties();
        p.putAll(ServiceKafkaSecurity.settings());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "plan-operator-status");
        @SuppressWarnings("unchecked")
        Deserializer<MigrationStatus> values = (Deserializer<MigrationStatus>) (Deserializer<?>)
                Topics.MIGRATION_STATUS.valueSerde(registryUrl).deserializer();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            List<TopicPartition> partitions = assign(c);
            Map<TopicPartition, Long> end = c.endOffsets(partitions, Duration.ofSeconds(10));
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(300))) {
                    read(values, r);
                }
                if (!caughtUp && reached(c, end)) {
                    caughtUp = true;
                    LOG.infof("migration-status read: %d plans", latest.size());
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer = null;
        }
    }

    private void read(Deserializer<MigrationStatus> values, ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            return;
        }
        try {
            MigrationStatus s = values.deserialize(r.topic(), r.headers(), r.value());
            latest.put(s.getPlanId(), s);
        } catch (RuntimeException e) {
            // The monitor's own consumers dead-letter what they cannot read; a mirror only says so.
            LOG.warnf("migration-status %d@%d unreadable, skipped: %s", r.partition(), r.offset(), e.getMessage());
        }
    }

    private List<TopicPartition> assign(KafkaConsumer<byte[], byte[]> c) {
        List<TopicPartition> partitions = c.partitionsFor(Topics.MIGRATION_STATUS.name(), Duration.ofSeconds(30)).stream()
                .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        c.assign(partitions);
        c.seekToBeginning(partitions);
        return partitions;
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> c, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> c.position(e.getKey(), Duration.ofSeconds(2)) >= e.getValue());
    }
}
