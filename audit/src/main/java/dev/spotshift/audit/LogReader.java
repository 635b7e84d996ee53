package dev.spotshift.audit;

import dev.spotshift.schemas.EventSerdes;
import dev.spotshift.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads partitions of the log between two times with a plain, assigned consumer: no group, no
 * commits, so an audit never disturbs the services. Starts at offsets-for-times rather than the
 * beginning, and stops at the end offsets seen on entry (or past the upper time bound), so it
 * neither scans a whole topic nor waits for records still to come.
 * <p>
 * It reads bytes and decodes only the records whose key it was asked for: one plan's replay passes over every other
 * plan's records on its partitions (hundreds of thousands among a million events) at the cost of a key comparison, not
 * an Avro decode each. So an undecodable record is a {@link ReadProblem} only when its key is one asked for; another
 * plan's garbage is never decoded here and is not this replay's problem (that plan's own replay reports it).
 */
final class LogReader implements AutoCloseable {

    /** Record timestamps are the producers' clocks; this much skew is tolerated at either bound. */
    static final Duration SKEW = Duration.ofMinutes(5);
    private static final Duration POLL = Duration.ofMillis(250);
    /**
     * Per partition per fetch (the client's default is 1 MiB): a plan's replay is one long sequential read of a few
     * partitions, so bigger fetches mean fewer round trips; fetch.max.bytes (50 MiB, the default) still caps a response.
     */
    private static final int PARTITION_FETCH_BYTES = 8 * 1024 * 1024;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Deserializer<Object> values;
    private final Duration timeout;
    private final List<ReadProblem> problems = new ArrayList<>();

    LogReader(String bootstrapServers, String registryUrl, Duration timeout, Map<String, String> security) {
        this.timeout = timeout;
        Properties p = new Properties();
        p.putAll(security);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "spotshift-audit");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // The services write in transactions: an audit replays what committed, not a crashed writer's aborts.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, PARTITION_FETCH_BYTES);
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        @SuppressWarnings("unchecked")
        Deserializer<Object> avro = (Deserializer<Object>) EventSerdes.avroSerde(registryUrl, false).deserializer();
        this.values = avro;
        // Bytes in, keys and values alike: the key is compared as the bytes the producers wrote, the value decoded
        // only for a key asked for (see the class comment).
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** {@code key} as the catalog's key serde writes it ({@code Topic.keySerde()}, a UTF-8 string). */
    static byte[] keyBytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    /** The partition the producers' default partitioner puts {@code key} on (murmur2, as Kafka does for keyed records). */
    TopicPartition partitionOf(Topic<?> topic, String key) {
        int n = partitions(topic).size();
        return new TopicPartition(topic.name(), Utils.toPositive(Utils.murmur2(keyBytes(key))) % n);
    }

    List<TopicPartition> partitions(Topic<?> topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), timeout);
        if (infos == null || infos.isEmpty()) {
            throw new AuditException("topic " + topic.name() + " does not exist (has Spotshift been set up on this cluster?)");
        }
        return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
    }

    /**
     * Every record of {@code partitions} under {@code key} (null: under any key), decoded, from {@code from} (null: the
     * beginning) up to the end offsets as of now, stopping early on a partition once its records are past {@code to}.
     * A record under that key which does not decode is a {@link ReadProblem} (where and why) and the read goes on.
     */
    void read(List<TopicPartition> partitions, Instant from, Instant to, String key,
              Consumer<ConsumerRecord<String, Object>> each) {
        if (partitions.isEmpty()) {
            return;
        }
        byte[] wanted = key == null ? null : keyBytes(key);
        consumer.assign(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        Map<TopicPartition, Long> start = startOffsets(partitions, from, end);
        start.forEach(consumer::seek);
        List<TopicPartition> open = new ArrayList<>(partitions);
        open.removeIf(tp -> start.get(tp) >= end.get(tp));
        long deadline = System.nanoTime() + timeout.multipliedBy(Math.max(1, partitions.size())).toNanos();
        long stopAfter = to == null ? Long.MAX_VALUE : to.plus(SKEW).toEpochMilli();
        while (!open.isEmpty()) {
            if (System.nanoTime() > deadline) {
                open.forEach(tp -> problems.add(new ReadProblem(tp.topic(), tp.partition(), consumer.position(tp),
                        "stopped reading: no progress within " + timeout.toSeconds() + " s")));
                break;
            }
            ConsumerRecords<byte[], byte[]> batch = consumer.poll(POLL);
            // partition by partition: its end looked up once, not a TopicPartition and a map lookup per record
            for (TopicPartition tp : batch.partitions()) {
                long endOffset = end.get(tp);
                for (ConsumerRecord<byte[], byte[]> r : batch.records(tp)) {
                    if (r.offset() >= endOffset || r.timestamp() > stopAfter) {
                        open.remove(tp);
                    } else if (wanted == null || Arrays.equals(wanted, r.key())) {
                        decoded(r).ifPresent(each);
                    }
                }
            }
            open.removeIf(tp -> consumer.position(tp, timeout) >= end.get(tp));
            consumer.pause(partitions.stream().filter(tp -> !open.contains(tp)).toList());
        }
        consumer.unsubscribe();
    }

    /**
     * The record with its value decoded, or empty with a {@link ReadProblem} when it does not decode (one record that no
     * longer decodes must not hide the rest of the plan's history). A keyless record is decoded too when every key was
     * asked for, so its garbage is still reported, but not handed on: it belongs to no plan.
     */
    private Optional<ConsumerRecord<String, Object>> decoded(ConsumerRecord<byte[], byte[]> r) {
        Object value;
        try {
            value = r.value() == null ? null : values.deserialize(r.topic(), r.headers(), r.value());
        } catch (RuntimeException e) {
            problems.add(new ReadProblem(r.topic(), r.partition(), r.offset(), "undecodable: " + rootMessage(e)));
            return Optional.empty();
        }
        if (r.key() == null) {
            return Optional.empty();
        }
        return Optional.of(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.timestamp(), r.timestampType(),
                r.serializedKeySize(), r.serializedValueSize(), new String(r.key(), StandardCharsets.UTF_8), value,
                r.headers(), r.leaderEpoch()));
    }

    private Map<TopicPartition, Long> startOffsets(List<TopicPartition> partitions, Instant from,
                                                   Map<TopicPartition, Long> end) {
        Map<TopicPartition, Long> start = new HashMap<>();
        if (from == null) {
            consumer.beginningOffsets(partitions, timeout).forEach(start::put);
            return start;
        }
        Map<TopicPartition, Long> query = new HashMap<>();
        long at = Math.max(0, from.minus(SKEW).toEpochMilli());
        partitions.forEach(tp -> query.put(tp, at));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, timeout);
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp o = found.get(tp);
            start.put(tp, o == null ? end.get(tp) : o.offset()); // null: nothing that late on this partition
        }
        return start;
    }

    /** Problems met so far; taken (and cleared) by each replay so one plan's problems stay its own. */
    List<ReadProblem> takeProblems() {
        List<ReadProblem> out = List.copyOf(problems);
        problems.clear();
        return out;
    }

    private static String rootMessage(Throwable e) {
        String msg = e.getClass().getSimpleName() + ": " + e.getMessage();
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t.getMessage() != null) {
                msg = t.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return msg;
    }

    @Override
    public void close() {
        consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(2)));
        values.close();
    }
}
