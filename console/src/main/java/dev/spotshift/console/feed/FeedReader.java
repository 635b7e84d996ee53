package dev.spotshift.console.feed;

import dev.spotshift.console.domain.Board;
import dev.spotshift.schemas.DeadLetters;
import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.streams.DecodeOrDeadLetter;
import dev.spotshift.schemas.streams.Transience;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
 * Reads the topics the console shows into the {@link Board}: a plain consumer that assigns every partition and
 * reads from the beginning at each start (no group, no commits), because every replica shows every plan and
 * migration-status is compacted state that a group's committed offset would skip. read_committed: what an
 * aborted transaction wrote never happened.
 *
 * <p>Nothing is written here (the console's only writes are operator actions, ActionResource). A record it cannot read is not dead-lettered here (the topic's own consumers do
 * that, and a viewer's copy would double it at every restart): it is logged with its coordinates and reason and
 * counted in {@code spotshift_console_records_unreadable_total{topic}}, and the pages say how many there were. A
 * registry or broker that cannot be reached is not the record's fault: the reader stays on it and tries again.
 */
@ApplicationScoped
public class FeedReader {

    private static final Logger LOG = Logger.getLogger(FeedReader.class);
    private static final Duration POLL = Duration.ofMillis(300);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    static final String CONSUMER = "console";

    /** Everything a plan page shows, from the topics that carry it. */
    static final List<Topic<?>> TOPICS = List.of(Topics.MIGRATION_STATUS, Topics.MIGRATION_PLANS,
            Topics.ROLLOUT_EVENTS, Topics.GATE_VERDICTS, Topics.ROLLBACK_COMMANDS, Topics.SPOT_INTERRUPTIONS,
            Topics.WORKLOAD_METRICS, Topics.DEAD_LETTERS);

    private final Board board;
    private final dev.spotshift.console.domain.DeadLetterTally deadLetters;
    private final Changes changes;
    private final MeterRegistry meters;
    private final String bootstrapServers;
    private final String registryUrl;
    private volatile boolean running;
    private volatile boolean caughtUp;
    private final java.util.concurrent.atomic.AtomicLong skipped = new java.util.concurrent.atomic.AtomicLong();
    private volatile Instant heartbeat = Instant.now();
    private Thread thread;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private org.apache.kafka.common.serialization.Deserializer<dev.spotshift.events.DeadLetter> deadLetterValues;

    public FeedReader(Board board, dev.spotshift.console.domain.DeadLetterTally deadLetters, Changes changes,
                      MeterRegistry meters,
                      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                      @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url") String registryUrl) {
        this.board = board;
        this.deadLetters = deadLetters;
        this.changes = changes;
        this.meters = meters;
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::run, "console-feed");
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

    /** Every topic was read up to where it ended when the reader started. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** Records skipped as unreadable since this process started. */
    public long skipped() {
        return skipped.get();
    }

    public boolean alive() {
        return thread != null && thread.isAlive();
    }

    public Instant heartbeat() {
        return heartbeat;
    }

    private void run() {
        Properties p = new Properties();
        p.putAll(dev.spotshift.schemas.access.ServiceKafkaSecurity.settings());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "console-feed");
        Map<String, DecodeOrDeadLetter<?>> decoders = new HashMap<>();
        TOPICS.stream().filter(t -> t != Topics.DEAD_LETTERS).forEach(t -> decoders.put(t.name(), decoder(t)));
        deadLetterValues = Topics.DEAD_LETTERS.valueSerde(registryUrl).deserializer();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            List<TopicPartition> partitions = assignAll(c);
            Map<TopicPartition, Long> target = partitions.isEmpty() ? null : c.endOffsets(partitions, Duration.ofSeconds(10));
            while (running) {
                heartbeat = Instant.now();
                poll(c, decoders);
                if (!caughtUp && target != null && reached(c, target)) {
                    caughtUp = true;
                    LOG.infof("console caught up: %d plans", board.plans().size());
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("console feed stopped; liveness reports it", e);
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
                for (Topic<?> topic : TOPICS) {
                    c.partitionsFor(topic.name(), Duration.ofSeconds(5))
                            .forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
                }
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                heartbeat = Instant.now();
                continue;
            }
            if (new HashSet<>(partitions.stream().map(TopicPartition::topic).toList()).size() == TOPICS.size()) {
                c.assign(partitions);
                c.seekToBeginning(partitions);
                return partitions;
            }
            LOG.warnf("waiting for the topics %s to exist", TOPICS);
            heartbeat = Instant.now();
            pause(RETRY_AFTER);
        }
        return List.of();
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
                    pause(RETRY_AFTER);
                    break;
                }
            }
        }
    }

    /** False when the record must be read again later (the registry could not be reached). */
    boolean handle(ConsumerRecord<byte[], byte[]> r, DecodeOrDeadLetter<?> decoder) {
        if (r.topic().equals(Topics.DEAD_LETTERS.name())) {
            return tally(r);
        }
        DecodeOrDeadLetter.Outcome<?> outcome;
        try {
            outcome = decoder.decode(r);
        } catch (RuntimeException e) {
            if (!Transience.isTransient(e)) {
                throw e;
            }
            LOG.warnf("record %s-%d@%d not read for a transient cause, reading it again: %s", r.topic(), r.partition(),
                    r.offset(), DeadLetters.describe(e));
            return false;
        }
        if (outcome instanceof DecodeOrDeadLetter.Decoded<?> d) {
            try {
                board.apply(d.key(), d.value()).ifPresent(changes::changed);
            } catch (RuntimeException e) {
                unreadable(r, "not usable by the console: " + DeadLetters.describe(e));
            }
        } else if (outcome instanceof DecodeOrDeadLetter.Unreadable<?> u) {
            unreadable(r, u.reason());
        }
        return true;
    }

    /**
     * A dead letter is counted, not shown per plan: it may have no key (the poison it reports had none), so it is
     * read with the topic's deserializer alone rather than the keyed decode step.
     */
    private boolean tally(ConsumerRecord<byte[], byte[]> r) {
        dev.spotshift.events.DeadLetter letter;
        try {
            letter = deadLetterValues.deserialize(r.topic(), r.headers(), r.value());
        } catch (RuntimeException e) {
            if (Transience.isTransient(e)) {
                LOG.warnf("dead letter %s-%d@%d not read for a transient cause, reading it again: %s", r.topic(),
                        r.partition(), r.offset(), DeadLetters.describe(e));
                return false;
            }
            unreadable(r, DeadLetters.describe(e));
            return true;
        }
        if (letter == null) {
            unreadable(r, "an empty record on " + r.topic());
            return true;
        }
        deadLetters.add(letter.getConsumer(), letter.getSourceTopic(), letter.getSourcePartition(),
                letter.getSourceOffset());
        return true;
    }

    private void unreadable(ConsumerRecord<byte[], byte[]> r, String reason) {
        skipped.incrementAndGet();
        meters.counter("spotshift.console.records.unreadable", "topic", r.topic()).increment();
        LOG.warnf("skipped %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), reason);
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
