package dev.spotshift.schemas.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotshift.events.DeadLetter;
import dev.spotshift.schemas.Topics;
import io.apicurio.registry.rest.client.exception.RestClientException;
import io.apicurio.registry.rest.v2.beans.Error;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadLetterDeserializationHandlerTest {

    private static final String PLAN_TOPIC = Topics.MIGRATION_PLANS.name();
    private static final String SWITCH_TOPIC = Topics.KILL_SWITCH.name();

    private final MockProducer<String, DeadLetter> deadLetters =
            new MockProducer<>(true, null, new StringSerializer(), (topic, letter) -> new byte[0]);
    private final List<String> processed = new ArrayList<>();
    private TopologyTestDriver driver;
    private Path stateDir;

    /** Reads "ok..." values; "garbage" can never be read; "registry-down" fails as an unreachable registry does. */
    private static final Deserializer<String> VALUES = (topic, bytes) -> {
        String s = new String(bytes, StandardCharsets.UTF_8);
        if (s.equals("registry-down")) {
            Error error = new Error();
            error.setName("ConnectException");
            error.setMessage("Connection refused");
            throw new SerializationException("schema lookup failed", new RestClientException(error));
        }
        if (!s.startsWith("ok")) {
            throw new SerializationException("Unknown magic byte!");
        }
        return s;
    };

    private void start(boolean withHandler) throws Exception {
        stateDir = Files.createTempDirectory("dlq-handler");
        Topology t = new Topology();
        t.addSource("plans", Serdes.String().deserializer(), VALUES, PLAN_TOPIC);
        t.addProcessor("record", () -> (Processor<String, String, Void, Void>) r -> processed.add(r.value()), "plans");
        t.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("switch"), Serdes.String(), Serdes.String())
                        .withLoggingDisabled(), "switch-source", Serdes.String().deserializer(), VALUES, SWITCH_TOPIC,
                "switch-loader", () -> new Processor<String, String, Void, Void>() {
                    private KeyValueStore<String, String> store;
                    @Override
                    public void init(org.apache.kafka.streams.processor.api.ProcessorContext<Void, Void> c) {
                        store = c.getStateStore("switch");
                    }
                    @Override
                    public void process(Record<String, String> r) {
                        store.put(r.key(), r.value());
                        processed.add("switch:" + r.value());
                    }
                });
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "handler-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        if (withHandler) {
            p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
            p.put(DeadLetterDeserializationHandler.CONSUMER, "monitor-service");
            p.put(DeadLetterDeserializationHandler.SENDER, deadLetters);
        }
        driver = new TopologyTestDriver(t, p);
    }

    @AfterEach
    void stop() throws Exception {
        if (driver != null) {
            driver.close();
        }
        if (stateDir == null) {
            return;
        }
        try (var files = Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private void pipe(String topic, String key, String value) {
        driver.createInputTopic(topic, new StringSerializer(), new StringSerializer()).pipeInput(key, value);
    }

    @Test
    void deadLettersAnUnreadableRecordWithItsReasonAndGoesOn() throws Exception {
        // Given a source whose value deserializer cannot read garbage
        start(true);

        // When garbage, then a good record, arrive
        pipe(PLAN_TOPIC, "plan-1", "garbage");
        pipe(PLAN_TOPIC, "plan-2", "ok-2");

        // Then the garbage is a dead letter saying where it came from and why, and the good record is processed
        assertThat(deadLetters.history()).singleElement().satisfies(r -> {
            assertThat(r.topic()).isEqualTo(Topics.DEAD_LETTERS.name());
            DeadLetter letter = r.value();
            assertThat(letter.getSourceTopic()).isEqualTo(PLAN_TOPIC);
            assertThat(letter.getSourceOffset()).isZero();
            assertThat(letter.getKey()).isEqualTo("plan-1");
            assertThat(StandardCharsets.UTF_8.decode(letter.getValue()).toString()).isEqualTo("garbage");
            assertThat(letter.getReason()).contains("undecodable as migration-plans").contains("Unknown magic byte!");
            assertThat(letter.getExceptionClass()).isEqualTo(SerializationException.class.getName());
            assertThat(letter.getConsumer()).isEqualTo("monitor-service");
        });
        assertThat(processed).containsExactly("ok-2");
    }

    @Test
    void deadLettersAnUnreadableRecordOfAGlobalTableWithANullKey() {
        // Given the handler as the global stream thread uses it (a kill-switch table; TopologyTestDriver
        // always logs and continues for global tables, so the handler is called as the global thread calls it)
        DeadLetterDeserializationHandler handler = new DeadLetterDeserializationHandler();
        handler.configure(java.util.Map.of(DeadLetterDeserializationHandler.SENDER, deadLetters,
                StreamsConfig.APPLICATION_ID_CONFIG, "spotshift-executor"));
        var record = new org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>(SWITCH_TOPIC, 0, 3L,
                null, "garbage".getBytes(StandardCharsets.UTF_8));

        // When a record that can never be read, with no key, is handed over
        var answer = handler.handle((org.apache.kafka.streams.errors.ErrorHandlerContext) null, record, new SerializationException("Unknown magic byte!"));

        // Then it is a dead letter and the table keeps loading
        assertThat(answer).isEqualTo(
                org.apache.kafka.streams.errors.DeserializationExceptionHandler.DeserializationHandlerResponse.CONTINUE);
        assertThat(deadLetters.history()).singleElement().satisfies(r -> {
            assertThat(r.value().getSourceTopic()).isEqualTo(SWITCH_TOPIC);
            assertThat(r.value().getKey()).isNull();
            assertThat(r.value().getConsumer()).isEqualTo("spotshift-executor");
        });
    }

    @Test
    void failsTheThreadRatherThanDeadLetteringWhenTheRegistryIsUnreachable() throws Exception {
        // Given the handler
        start(true);

        // When a record cannot be read because the registry does not answer
        // Then the stream fails (the thread is replaced and the record read again), and nothing is dead-lettered
        assertThatThrownBy(() -> pipe(PLAN_TOPIC, "plan-1", "registry-down")).isInstanceOf(StreamsException.class);
        assertThat(deadLetters.history()).isEmpty();
    }

    @Test
    void failsTheThreadWhenTheDeadLetterCannotBeWritten() throws Exception {
        // Given a dead-letters topic that refuses writes
        MockProducer<String, DeadLetter> refusing = new MockProducer<>(false, null, new StringSerializer(), (t, l) -> new byte[0]);
        start(true);
        driver.close();
        driver = null;
        DeadLetterDeserializationHandler handler = new DeadLetterDeserializationHandler();
        handler.configure(java.util.Map.of(DeadLetterDeserializationHandler.SENDER, refusing,
                StreamsConfig.APPLICATION_ID_CONFIG, "handler-test"));
        var record = new org.apache.kafka.clients.consumer.ConsumerRecord<>(PLAN_TOPIC, 0, 7L,
                "k".getBytes(StandardCharsets.UTF_8), "garbage".getBytes(StandardCharsets.UTF_8));

        // When the send fails
        var answer = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> handler.handle((org.apache.kafka.streams.errors.ErrorHandlerContext) null, record, new SerializationException("bad")));
        org.awaitility.Awaitility.await().until(() -> !refusing.history().isEmpty());
        refusing.errorNext(new org.apache.kafka.common.errors.RecordTooLargeException("too large"));

        // Then the handler answers FAIL: the offset is not committed past a record that was not dead-lettered
        assertThat(answer.get()).isEqualTo(
                org.apache.kafka.streams.errors.DeserializationExceptionHandler.DeserializationHandlerResponse.FAIL);
    }

    @Test
    void withoutTheHandlerOneUnreadableRecordStopsTheStream() throws Exception {
        // Given the Streams default (log and fail)
        start(false);

        // When garbage arrives, Then the stream fails: the protection above is what keeps it going
        assertThatThrownBy(() -> pipe(PLAN_TOPIC, "plan-1", "garbage")).isInstanceOf(StreamsException.class);
    }

    @Test
    void tellsTransientCausesFromPermanentOnes() {
        Error down = new Error();
        down.setName("ConnectException");
        Error notFound = new Error();
        notFound.setErrorCode(404);
        Error busy = new Error();
        busy.setErrorCode(503);

        assertThat(Transience.isTransient(new SerializationException("x", new RestClientException(down)))).isTrue();
        assertThat(Transience.isTransient(new SerializationException("x", new RestClientException(busy)))).isTrue();
        assertThat(Transience.isTransient(new SerializationException("x", new ConnectException("refused")))).isTrue();
        assertThat(Transience.isTransient(new org.apache.kafka.common.errors.TimeoutException("slow broker"))).isTrue();
        assertThat(Transience.isTransient(new SerializationException("x", new RestClientException(notFound)))).isFalse();
        assertThat(Transience.isTransient(new SerializationException("Unknown magic byte!"))).isFalse();
        assertThat(Transience.isTransient(new java.io.UncheckedIOException(new java.io.EOFException()))).isFalse();
        assertThat(Transience.isTransient(new IllegalStateException("domain"))).isFalse();
    }
}
