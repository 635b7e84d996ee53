package dev.spotshift.monitor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The plan stores' write-behind layer, on TopologyTestDriver (which commits after each input record): a processor
 * that rewrites one key several times within a record reads its own latest value at once, and the value is
 * serialised and logged once, at the commit.
 */
class WriteBehindStoreTest {

    private static final String STORE = "values";
    private static final String CHANGELOG = "wb-test-" + STORE + "-changelog";

    @Test
    void aKeyRewrittenThreeTimesBeforeACommitIsSerialisedAndLoggedOnceWithTheLatestValue() throws Exception {
        AtomicInteger serialised = new AtomicInteger();
        List<String> seen = new ArrayList<>();
        try (TopologyTestDriver driver = driver(serialised, seen)) {
            // "plan-1=a,b,c": three puts of plan-1 while one record is processed
            driver.createInputTopic("in", new StringSerializer(), new StringSerializer()).pipeInput("plan-1", "a,b,c");

            assertThat(seen).as("each read after a put sees that put").containsExactly("a", "b", "c");
            assertThat(serialised).as("serialisations of the value").hasValue(1);
            List<TestRecord<String, String>> logged = driver.createOutputTopic(CHANGELOG, new StringDeserializer(),
                    new StringDeserializer()).readRecordsToList();
            assertThat(logged).extracting(TestRecord::getValue).containsExactly("c");
            KeyValueStore<String, String> store = driver.getKeyValueStore(STORE);
            assertThat(store.get("plan-1")).isEqualTo("c");
        }
    }

    @Test
    void aDeleteAfterPutsBeforeACommitLeavesNothingAndIsReadAsGone() throws Exception {
        AtomicInteger serialised = new AtomicInteger();
        List<String> seen = new ArrayList<>();
        try (TopologyTestDriver driver = driver(serialised, seen)) {
            var in = driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
            in.pipeInput("plan-1", "a");
            // "-" deletes the key
            in.pipeInput("plan-1", "b,-");

            assertThat(seen).containsExactly("a", "b", "null");
            KeyValueStore<String, String> store = driver.getKeyValueStore(STORE);
            assertThat(store.get("plan-1")).isNull();
            List<TestRecord<String, String>> logged = driver.createOutputTopic(CHANGELOG, new StringDeserializer(),
                    new StringDeserializer()).readRecordsToList();
            assertThat(logged).extracting(TestRecord::getValue).containsExactly("a", null);
            assertThat(serialised).as("b was never written below").hasValue(1);
        }
    }

    /** A processor that applies each comma-separated value of a record to the key in turn and reads it back. */
    private static TopologyTestDriver driver(AtomicInteger serialised, List<String> seen) throws Exception {
        Serde<String> counting = Serdes.serdeFrom((topic, value) -> {
            if (value == null) {
                return null; // a delete: nothing to serialise
            }
            serialised.incrementAndGet();
            return value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }, new StringDeserializer());
        Topology t = new Topology();
        t.addSource("in", new StringDeserializer(), new StringDeserializer(), "in");
        t.addProcessor("apply", () -> new Processor<String, String, Void, Void>() {
            private KeyValueStore<String, String> store;

            @Override
            public void init(ProcessorContext<Void, Void> context) {
                store = context.getStateStore(STORE);
            }

            @Override
            public void process(Record<String, String> record) {
                for (String v : record.value().split(",")) {
                    if (v.equals("-")) {
                        store.delete(record.key());
                    } else {
                        store.put(record.key(), v);
                    }
                    seen.add(String.valueOf(store.get(record.key())));
                }
            }
        }, "in");
        t.addStateStore(WriteBehindStore.over(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE),
                Serdes.String(), counting).withCachingEnabled()), "apply");
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "wb-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("wb-test").toString());
        return new TopologyTestDriver(t, p);
    }
}
