package dev.spotshift.audit;

import dev.spotshift.schemas.EventSerdes;
import dev.spotshift.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads partitions of the log between two times with a plain, assigned consumer: no group, no
 * commits, so an audit never disturbs the services. Starts at offsets-for-times rather than the
 * beginning, and stops at the end offsets seen on entry (or past the upper time bound), so it
 * neither scans a whole topic nor waits for records still to come.
 */
final class LogReader implements AutoCloseable {

    /** Record timestamps are the producers' clocks; this much skew is tolerated at either bound. */
    static final Duration SKEW = Duration.ofMinutes(5);
    private static final Duration POLL = Duration.ofMillis(250);

    private final KafkaConsumer<String, Object> consumer;
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
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        @SuppressWarnings("unchecked")
        Deserializer<Object> values = (Deserializer<Object>) EventSerdes.avroSerde(registryUrl, false).deserializer();
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), values);
    }

    /** The partition the producers' default partitioner puts {@code key} on (murmur2, as Kafka does for keyed records). */
    TopicPartition partitionOf(Topic<?> topic, String key) {
        int n = partitions(topic).size();
        return new TopicPartition(topic.name(), Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % n);
    }

    List<TopicPartition> partitions(Topic<?> topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), timeout);
        if (infos == null || infos.isEmpty()) {
            throw new AuditException("topic " + topic.name() + " does not exist (has Spotshift been set up on this cluster?)");
        }
        return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
    }

    /**
     * Every record of {@code partitions} with a matching key, from {@code from} (null: the beginning) up to
     * the end offsets as of now, stopping early on a partition once its records are past {@code to}.
     */
    void read(List<TopicPartition> partitions, Instant from, Instant to, Predicate<String> key,
              Consumer<ConsumerRecord<String, Object>> each) {
        if (partitions.isEmpty()) {
            return;
        }
        consumer.assign(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        Map<TopicPartition, Long> start = startOffsets(partitions, from, end);
        start.forEach(consumer::seek);
        List<TopicPartition> open = new ArrayList<>(partitions);
        open.removeIf(tp -> start.get(tp) >= end.get(tp));
        long deadline = System.nanoTime() + timeout.multipliedBy(Math.max(1, partitions.size())).toNanos();
        Instant stopAfter = to == null ? null : to.plus(SKEW);
        while (!open.isEmpty()) {
            if (System.nanoTime() > deadline) {
                open.forEach(tp -> problems.add(new ReadProblem(tp.topic(), tp.partition(), consumer.position(tp),
                        "stopped reading: no progress within " + timeout.toSeconds() + " s")));
                break;
            }
            for (ConsumerRecord<String, Object> r : poll()) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                boolean past = r.offset() >= end.get(tp) || (stopAfter != null && r.timestamp() > stopAfter.toEpochMilli());
                if (past) {
                    open.remove(tp);
                } else if (r.key() != null && key.test(r.key())) {
                    each.accept(r);
                }
            }
            open.removeIf(tp -> consumer.position(tp, timeout) >= end.get(tp));
            consumer.pause(partitions.stream().filter(tp -> !open.contains(tp)).toList());
        }
        consumer.unsubscribe();
    }

    private List<ConsumerRecord<String, Object>> poll() {
        List<ConsumerRecord<String, Object>> out = new ArrayList<>();
        try {
            consumer.poll(POLL).forEach(out::add);
        } catch (RecordDeserializationException e) {
            // one record that no longer decodes must not hide the rest of the plan's history
            problems.add(new ReadProblem(e.topicPartition().topic(), e.topicPartition().partition(), e.offset(),
                    rootMessage(e)));
            consumer.seek(e.topicPartition(), e.offset() + 1);
        }
        return out;
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
        String msg = e.getMessage();
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
    }
}
