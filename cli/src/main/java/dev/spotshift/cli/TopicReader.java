package dev.spotshift.cli;

import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.streams.DecodeOrDeadLetter;
import dev.spotshift.schemas.streams.Transience;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads one topic of the catalog from the beginning without a consumer group (the CLI commits
 * nothing and must not disturb the services' groups). Each record goes through the shared
 * {@link DecodeOrDeadLetter} step: one that can never be read (garbage, no key, another event's type) is
 * reported with its partition, offset and reason and skipped, so one bad record cannot hide a plan's state
 * (the CLI writes no dead letters: it only reads). A registry that cannot be reached is an error, not a
 * skip: an answer with records silently missing would be wrong. A tombstone on a compacted topic is
 * handed on with a null value.
 */
public final class TopicReader<V extends SpecificRecord> implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final Topic<V> topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final DecodeOrDeadLetter<V> decoder;
    private final PrintWriter warnings;
    private final List<TopicPartition> partitions = new ArrayList<>();

    public TopicReader(Connection connection, Topic<V> topic, PrintWriter warnings) {
        this.topic = topic;
        this.warnings = warnings;
        Properties p = connection.clientProperties();
        p.put("enable.auto.commit", false);
        p.put("auto.offset.reset", "earliest");
        // The services write in transactions: a crashed one's aborted events must not show as facts.
        p.put("isolation.level", "read_committed");
        p.put("max.poll.records", 2000);
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.decoder = new DecodeOrDeadLetter<>(topic, topic.valueSerde(connection.registryUrl()).deserializer(),
                Submissions.PRODUCER, java.time.Clock.systemUTC());
        List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), Connection.REACH_TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            throw CliException.error("topic " + topic.name() + " does not exist on " + connection.bootstrapServers()
                    + " (has Spotshift been set up on this cluster?)");
        }
        infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
    }

    /** Only the partition the producers' default partitioner puts {@code key} on. */
    public TopicReader<V> onlyKey(String key) {
        int n = partitions.size();
        int partition = Utils.toPositive(Utils.murmur2(key.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % n;
        partitions.removeIf(tp -> tp.partition() != partition);
        return this;
    }

    /** Every record from the beginning up to the end offsets as of now. */
    public void readToEnd(Consumer<ConsumerRecord<String, V>> each) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Connection.REACH_TIMEOUT);
        while (!reached(end)) {
            pollOnce(each);
        }
    }

    /** Keeps reading after {@link #readToEnd}: one poll, for live following. */
    public void pollOnce(Consumer<ConsumerRecord<String, V>> each) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
            DecodeOrDeadLetter.Outcome<V> outcome;
            try {
                outcome = decoder.decode(r);
            } catch (RuntimeException e) {
                if (!Transience.isTransient(e)) {
                    throw e;
                }
                throw CliException.error("could not read " + r.topic() + "-" + r.partition() + " at offset " + r.offset()
                        + " for want of the registry or the broker (" + SpotshiftCli.oneLine(e) + "); try again");
            }
            if (outcome instanceof DecodeOrDeadLetter.Decoded<V> d) {
                each.accept(typed(r, d.key(), d.value()));
            } else if (outcome instanceof DecodeOrDeadLetter.Tombstone<V> t) {
                each.accept(typed(r, t.key(), null));
            } else if (outcome instanceof DecodeOrDeadLetter.Unreadable<V> u) {
                warnings.println("spotshift: skipped a record on " + r.topic() + "-" + r.partition() + " at offset "
                        + r.offset() + ": " + u.reason());
            }
        }
    }

    private ConsumerRecord<String, V> typed(ConsumerRecord<byte[], byte[]> r, String key, V value) {
        return new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.timestamp(), r.timestampType(),
                r.serializedKeySize(), r.serializedValueSize(), key, value, r.headers(), r.leaderEpoch());
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey(), Connection.REACH_TIMEOUT) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    public Collection<TopicPartition> partitions() {
        return List.copyOf(partitions);
    }

    public String topicName() {
        return topic.name();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
