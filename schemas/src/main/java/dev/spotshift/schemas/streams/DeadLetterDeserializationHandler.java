package dev.spotshift.schemas.streams;

import dev.spotshift.events.DeadLetter;
import dev.spotshift.schemas.DeadLetters;
import dev.spotshift.schemas.EventSerdes;
import dev.spotshift.schemas.Topics;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.jboss.logging.Logger;

/**
 * {@code deserialization.exception.handler} of every Spotshift Streams job: a record no source can decode
 * (global tables included) becomes a {@link DeadLetter} on the catalog's dead-letters topic, built by the one
 * {@link DeadLetters} builder, and the stream goes on. A transient cause (registry or broker unreachable) fails the
 * thread instead, so the record is read again rather than committed as a dead letter.
 * <p>
 * Kafka Streams gives this handler no way into the task's transaction, so it writes with its own idempotent
 * producer and waits for the broker's acknowledgement before answering CONTINUE: the dead letter is durable before
 * the offset can be committed. A crash between the two repeats the dead letter; it never loses it.
 * <p>
 * Streams makes one handler per task, and tasks come and go with rebalances: the producer is made at the first
 * failure and shared by every handler of the same configuration, for the life of the process.
 * <p>
 * Settings, from the Streams config: {@value #CONSUMER} (who writes it), {@value #REGISTRY_URL} (the serde's
 * registry), and {@value #SENDER} in tests: a {@code Producer<String, DeadLetter>} instance instead of a real one.
 */
public class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    public static final String CONSUMER = "spotshift.dead-letters.consumer";
    public static final String REGISTRY_URL = "apicurio.registry.url";
    public static final String SENDER = "spotshift.dead-letters.sender";
    static final long SEND_TIMEOUT_SECONDS = 30;

    private static final Logger LOG = Logger.getLogger(DeadLetterDeserializationHandler.class);

    private static final Map<String, Producer<String, DeadLetter>> SHARED = new ConcurrentHashMap<>();

    private Supplier<Producer<String, DeadLetter>> producer;
    private String consumer = "unknown";
    private Clock clock = Clock.systemUTC();

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs) {
        Object app = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
        Object named = configs.get(CONSUMER);
        consumer = String.valueOf(named != null ? named : app != null ? app : "unknown");
        Object sender = configs.get(SENDER);
        if (sender instanceof Producer<?, ?> p) {
            producer = () -> (Producer<String, DeadLetter>) p;
        } else {
            Map<String, Object> copy = new HashMap<>(configs);
            String id = consumer + "|" + configs.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG) + "|" + configs.get(REGISTRY_URL);
            if (configs.get(REGISTRY_URL) == null) {
                throw new IllegalStateException("the dead-letter handler needs " + REGISTRY_URL + " in the Streams config");
            }
            producer = () -> SHARED.computeIfAbsent(id, k -> realProducer(copy));
        }
    }

    private Producer<String, DeadLetter> realProducer(Map<String, ?> configs) {
        Object registryUrl = configs.get(REGISTRY_URL);
        Map<String, Object> p = new HashMap<>(EventSerdes.config(registryUrl.toString()));
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, configs.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, consumer + "-deserialization-dead-letters");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // the same login as the Streams job that reads: the dead letter is written by that job's principal
        configs.forEach((k, v) -> {
            if (dev.spotshift.schemas.access.KafkaClientSecurity.isSecurityKey(k) && v != null) {
                p.put(k, v);
            }
        });
        dev.spotshift.schemas.access.RefusalInterceptor.watch(p);
        Serializer<DeadLetter> value = Topics.DEAD_LETTERS.valueSerde(registryUrl.toString()).serializer();
        return new KafkaProducer<>(p, new StringSerializer(), value);
    }

    /** For tests: the clock that stamps failedAt. */
    void clock(Clock clock) {
        this.clock = clock;
    }

    @Override
    public DeserializationHandlerResponse handle(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                                 Exception exception) {
        if (Transience.isTransient(exception)) {
            LOG.warnf("record %s-%d@%d not read for a transient cause, failing the thread to read it again: %s",
                    record.topic(), record.partition(), record.offset(), DeadLetters.describe(exception));
            return DeserializationHandlerResponse.FAIL;
        }
        DeadLetter letter = DeadLetters.of(record.topic(), record.partition(), record.offset(), record.key(),
                record.value(), "undecodable as " + record.topic() + ": " + DeadLetters.describe(exception),
                exception, consumer, clock.instant());
        return send(letter, record.key() == null ? null : new String(record.key(), java.nio.charset.StandardCharsets.UTF_8));
    }

    private DeserializationHandlerResponse send(DeadLetter letter, String key) {
        try {
            producer.get().send(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), key, letter)).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LOG.warnf("dead letter for %s-%d@%d: %s", letter.getSourceTopic(), letter.getSourcePartition(),
                    letter.getSourceOffset(), letter.getReason());
            return DeserializationHandlerResponse.CONTINUE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeserializationHandlerResponse.FAIL;
        } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
            // Not written: failing the thread keeps the offset, so the record is judged again after the restart.
            LOG.errorf(e, "dead letter for %s-%d@%d could not be written, failing the thread", letter.getSourceTopic(),
                    letter.getSourcePartition(), letter.getSourceOffset());
            return DeserializationHandlerResponse.FAIL;
        }
    }

}
