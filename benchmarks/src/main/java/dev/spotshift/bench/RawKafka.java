package dev.spotshift.bench;

import dev.spotshift.events.MetricSample;
import dev.spotshift.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import dev.spotshift.schemas.TopicSerdes;
import org.apache.kafka.common.serialization.Deserializer;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Benchmark 1: plain kafka-clients on the run's broker, records as large as an Avro-encoded MetricSample,
 * on a topic laid out like workload-metrics. Every Spotshift throughput is a ratio to these figures.
 */
public final class RawKafka {

    /** Not a contract topic (no service reads it): the benchmark's own, outside the catalog on purpose. */
    static final String RAW_TOPIC = "spotshift-bench-raw";
    static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final Clients clients;

    RawKafka(Clients clients) {
        this.clients = clients;
    }

    /** Size of the value of a real MetricSample as the registry serde writes it (schema id rides in headers). */
    int metricSampleBytes() {
        try (Clients.EventProducer p = clients.eventProducer()) {
            MetricSample s = BenchEvents.healthy("plan-00000000", Instant.now(), 25);
            return p.record(Topics.WORKLOAD_METRICS, "plan-00000000", s).value().length;
        }
    }

    List<Row> run(BenchConfig config) throws Exception {
        createTopic();
        int size = metricSampleBytes();
        List<Double> produce = new ArrayList<>();
        List<Double> consume = new ArrayList<>();
        for (int i = 0; i < config.repeats(); i++) {
            Map<TopicPartition, Long> start = endOffsets(List.of(RAW_TOPIC));
            produce.add(produce(config.rawRecords(), size));
            consume.add(consume(start, endOffsets(List.of(RAW_TOPIC))).fromFirstPoll());
        }
        String note = config.rawRecords() + " records of " + size + " B (Avro MetricSample size), "
                + Topics.WORKLOAD_METRICS.partitions() + " partitions, acks=all idempotent";
        return List.of(Row.measured("1 raw kafka", "produce", "rec/s", produce, note),
                Row.measured("1 raw kafka", "consume", "rec/s", consume, "read_committed, from a backlog; clock from"
                        + " the first poll (its first fetch included)"));
    }

    private void createTopic() throws InterruptedException, ExecutionException {
        try (Admin admin = clients.admin()) {
            admin.createTopics(List.of(new NewTopic(RAW_TOPIC, Topics.WORKLOAD_METRICS.partitions(), (short) 1)))
                    .all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    private double produce(int records, int size) {
        Random random = new Random(42);
        byte[][] values = new byte[64][];
        for (int i = 0; i < values.length; i++) {
            values[i] = new byte[size];
            random.nextBytes(values[i]);
        }
        try (KafkaProducer<String, byte[]> producer = clients.rawProducer()) {
            // warm the connection and metadata outside the timed part, as a running service would be
            producer.send(new ProducerRecord<>(RAW_TOPIC, "plan-warmup", values[0]));
            producer.flush();
            long t0 = System.nanoTime();
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(RAW_TOPIC, String.format("plan-%08d", i % 1000), values[i % 64]));
            }
            producer.flush();
            return records / seconds(t0);
        }
    }

    /**
     * A backlog read timed two ways. {@code fromFirstPoll}: from the first poll, right after assign and seek (a plain
     * consumer has no group to join), so the first fetch is inside the clock, as a Streams app's is when timed from
     * RUNNING. {@code fromFirstRecord}: from the first record returned, the rule before 2026-12-07: the first fetch
     * (up to max.partition.fetch.bytes of every partition, about a third of benchmark 2's backlog) arrived before the
     * clock started yet its records were counted.
     */
    record Read(long records, double fromFirstPoll, double fromFirstRecord) {
        static final Read NONE = new Read(0, Double.NaN, Double.NaN);
    }

    /** Reads exactly [start, end) of every partition. */
    Read consume(Map<TopicPartition, Long> start, Map<TopicPartition, Long> end) {
        return consume(start, end, r -> { });
    }

    /**
     * As {@link #consume}, and each value decoded by its catalog topic's registry serde as the services configure it
     * (cached lookups and readers): what any consumer of these events pays before it can look at one.
     */
    Read consumeDecoding(Map<TopicPartition, Long> start, Map<TopicPartition, Long> end) {
        Map<String, Deserializer<?>> decoders = new HashMap<>();
        long[] decoded = {0};
        Read read = consume(start, end, r -> {
            Deserializer<?> d = decoders.computeIfAbsent(r.topic(),
                    t -> TopicSerdes.registry(clients.registryUrl()).valueSerde(Topics.byName(t).orElseThrow()).deserializer());
            if (d.deserialize(r.topic(), r.headers(), r.value()) != null) {
                decoded[0]++;
            }
        });
        decoders.values().forEach(Deserializer::close);
        if (decoded[0] == 0) {
            return Read.NONE;
        }
        return read;
    }

    private Read consume(Map<TopicPartition, Long> start, Map<TopicPartition, Long> end,
                           Consumer<ConsumerRecord<String, byte[]>> each) {
        try (KafkaConsumer<String, byte[]> consumer = clients.rawConsumer()) {
            consumer.assign(start.keySet());
            start.forEach(consumer::seek);
            long expected = 0;
            for (TopicPartition tp : start.keySet()) {
                expected += end.get(tp) - start.get(tp);
            }
            long read = 0;
            // connected and metadata known before the clock starts, as a Streams app is once RUNNING
            consumer.beginningOffsets(start.keySet());
            long firstRecord = 0;
            long firstPoll = System.nanoTime();
            long deadline = firstPoll + TIMEOUT.toNanos();
            Map<TopicPartition, Long> position = new HashMap<>(start);
            while (!caughtUp(consumer, position, end) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (firstRecord == 0) {
                        firstRecord = System.nanoTime();
                    }
                    each.accept(r);
                    read++;
                }
            }
            if (read == 0) {
                return Read.NONE;
            }
            // transaction markers take offsets too, so the count read, not the offset span, is the throughput
            double fromFirstPoll = read / seconds(firstPoll);
            return new Read(read, fromFirstPoll, read > 1 ? (read - 1) / seconds(firstRecord) : Double.NaN);
        }
    }

    private static boolean caughtUp(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> position,
                                    Map<TopicPartition, Long> end) {
        for (TopicPartition tp : position.keySet()) {
            if (consumer.position(tp) < end.get(tp)) {
                return false;
            }
        }
        return true;
    }

    Map<TopicPartition, Long> endOffsets(List<String> topics) {
        try (KafkaConsumer<String, byte[]> consumer = clients.rawConsumer()) {
            List<TopicPartition> tps = new ArrayList<>();
            for (String t : topics) {
                consumer.partitionsFor(t).forEach(p -> tps.add(new TopicPartition(t, p.partition())));
            }
            return new HashMap<>(consumer.endOffsets(tps));
        }
    }

    static double seconds(long t0) {
        return Math.max(1, System.nanoTime() - t0) / 1e9;
    }
}
