package dev.spotshift.cli;

import dev.spotshift.schemas.Topic;
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
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads one topic of the catalog from the beginning without a consumer group (the CLI commits
 * nothing and must not disturb the services' groups). Records that no longer decode are reported
 * with their partition and offset and skipped, so one bad record cannot hide a plan's state.
 */
public final class TopicReader<V extends SpecificRecord> implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final Topic<V> topic;
    private final KafkaConsumer<String, V> consumer;
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
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                topic.valueSerde(connection.registryUrl()).deserializer());
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
        try {
            for (ConsumerRecord<String, V> r : consumer.poll(POLL)) {
                each.accept(r);
            }
        } catch (RecordDeserializationException e) {
            warnings.println("spotshift: skipped an undecodable record on " + e.topicPartition() + " at offset "
                    + e.offset() + ": " + SpotshiftCli.oneLine(e));
            consumer.seek(e.topicPartition(), e.offset() + 1);
        }
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
