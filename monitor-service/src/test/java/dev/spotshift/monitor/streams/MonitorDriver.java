package dev.spotshift.monitor.streams;

import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.TopicSerdes;
import dev.spotshift.schemas.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** The monitor topology under TopologyTestDriver, with typed pipes in and out of catalog topics. */
final class MonitorDriver implements AutoCloseable {

    static final long GATE_GRACE_MILLIS = 1_000;

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final MonitorMetrics metrics = new MonitorMetrics(registry);
    private final TopicSerdes serdes;
    private final TopologyTestDriver driver;
    private final Path stateDir;

    MonitorDriver(Instant wallClockStart) throws Exception {
        this(wallClockStart, (planId, event) -> { });
    }

    /** @param beforeJudging called before the monitor judges a plan's event (null for a gate); may throw */
    MonitorDriver(Instant wallClockStart, java.util.function.BiConsumer<String, SpecificRecord> beforeJudging) throws Exception {
        this(wallClockStart, beforeJudging, TopicSerdes.plainAvro(), TopicSerdes.plainAvro());
    }

    /** @param topologySerdes what the monitor decodes and encodes with; the test's pipes use plain Avro */
    MonitorDriver(Instant wallClockStart, java.util.function.BiConsumer<String, SpecificRecord> beforeJudging,
                  TopicSerdes topologySerdes, TopicSerdes testSerdes) throws Exception {
        this(wallClockStart, beforeJudging, topologySerdes, testSerdes, null);
    }

    /** With an operator's RETRY checked against {@code proof} ({@code null}: as written). */
    MonitorDriver(Instant wallClockStart, java.util.function.BiConsumer<String, SpecificRecord> beforeJudging,
                  TopicSerdes topologySerdes, TopicSerdes testSerdes,
                  dev.spotshift.schemas.access.OperatorProof proof) throws Exception {
        this.serdes = testSerdes;
        stateDir = Files.createTempDirectory("monitor-ttd");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "monitor-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        MonitorSettings settings = new MonitorSettings("monitor-service/test", 1_000, GATE_GRACE_MILLIS);
        driver = new TopologyTestDriver(MonitorTopology.build(topologySerdes, settings, metrics, beforeJudging, proof), props,
                wallClockStart);
    }

    <V extends SpecificRecord> void publish(Topic<V> topic, String planId, V event, long timestampMillis) {
        driver.createInputTopic(topic.name(), new StringSerializer(), serdes.valueSerde(topic).serializer())
                .pipeInput(planId, event, timestampMillis);
    }

    /** As {@link #publish}, with record headers (an operator's token). */
    <V extends SpecificRecord> void publish(Topic<V> topic, String planId, V event, long timestampMillis,
                                            org.apache.kafka.common.header.Headers headers) {
        driver.createInputTopic(topic.name(), new StringSerializer(), serdes.valueSerde(topic).serializer())
                .pipeInput(new org.apache.kafka.streams.test.TestRecord<>(planId, event, headers, timestampMillis));
    }

    void publishBytes(Topic<?> topic, String key, byte[] bytes, long timestampMillis) {
        driver.createInputTopic(topic.name(), new StringSerializer(), new ByteArraySerializer())
                .pipeInput(key, bytes, timestampMillis);
    }

    void advanceWallClock(Duration by) {
        driver.advanceWallClockTime(by);
    }

    <V extends SpecificRecord> List<V> read(Topic<V> topic) {
        TestOutputTopic<String, V> out = driver.createOutputTopic(topic.name(), new StringDeserializer(),
                serdes.valueSerde(topic).deserializer());
        List<V> values = new ArrayList<>();
        out.readRecordsToList().stream().map(TestRecord::getValue).forEach(values::add);
        return values;
    }

    <V extends SpecificRecord> V latest(Topic<V> topic) {
        List<V> all = read(topic);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    double counter(String name) {
        return registry.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    static Topic<?> metricsTopic() {
        return Topics.WORKLOAD_METRICS;
    }

    @Override
    public void close() throws Exception {
        driver.close();
        try (var files = Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
