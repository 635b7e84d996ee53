package dev.spotshift.schemas.streams;

import dev.spotshift.events.DeadLetter;
import dev.spotshift.schemas.DeadLetters;
import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The one decode step of every consumer of a catalog topic: a hand-built one (a plain {@code KafkaConsumer} reading
 * bytes, {@link #decode(ConsumerRecord)}) and a Kafka Streams processor ({@link DecodeStep}). Each record is {@link Decoded}, a {@link Tombstone} (compacted
 * topics only), or {@link Unreadable} with the dead letter that says why, built by the one {@link DeadLetters} builder.
 * The caller writes that letter (a service) or prints its reason (the CLI), then goes on with the next record; nothing
 * is skipped without a record.
 * <p>
 * The tombstone policy, the same for every consumer: a null value on a topic that carries events (cleanup DELETE)
 * is a dead letter, since nobody deletes an event; on a compacted topic it is the deletion of its key's state, handed
 * back as a {@link Tombstone} for the reader to apply (a whole-topic reader forgets the key).
 * <p>
 * Unreadable: garbage bytes, no key, a tombstone on a topic that carries events, or a readable record of another type
 * than the topic carries (valid Avro of the wrong event would otherwise surface as a ClassCastException far from
 * here). A transient cause (registry or broker unreachable, see {@link Transience}) is not the record's fault: it is
 * thrown, and the caller reads the same offset again later instead of giving the record up.
 */
public final class DecodeOrDeadLetter<V extends SpecificRecord> {

    /** What one record turned out to be. */
    public sealed interface Outcome<V> permits Decoded, Tombstone, Unreadable {}

    public record Decoded<V>(String key, V value) implements Outcome<V> {}

    /** A null value under a key on a compacted topic: the key's state is deleted. */
    public record Tombstone<V>(String key) implements Outcome<V> {}

    public record Unreadable<V>(DeadLetter letter) implements Outcome<V> {
        public String reason() {
            return letter.getReason();
        }
    }

    private final Topic<V> topic;
    private final Deserializer<V> values;
    private final String consumer;
    private final Clock clock;

    /**
     * @param values   the topic's value deserializer (the registry's in production: {@code topic.valueSerde(url)})
     * @param consumer who reads, as dead letters name it ("cloud-bridge", "spotshift-cli")
     */
    public DecodeOrDeadLetter(Topic<V> topic, Deserializer<V> values, String consumer, Clock clock) {
        this.topic = Objects.requireNonNull(topic);
        this.values = Objects.requireNonNull(values);
        this.consumer = Objects.requireNonNull(consumer);
        this.clock = Objects.requireNonNull(clock);
    }

    /** A decoder for a topic whose deserializer comes untyped (a serde factory keyed by topic). */
    @SuppressWarnings("unchecked")
    public static <V extends SpecificRecord> DecodeOrDeadLetter<V> of(Topic<V> topic, Deserializer<?> values,
                                                                      String consumer, Clock clock) {
        return new DecodeOrDeadLetter<>(topic, (Deserializer<V>) values, consumer, clock);
    }

    public Topic<V> topic() {
        return topic;
    }

    public String consumer() {
        return consumer;
    }

    /**
     * @throws RuntimeException when the cause is transient ({@link Transience#isTransient}): read the record again
     */
    public Outcome<V> decode(ConsumerRecord<byte[], byte[]> record) {
        return decode(record.topic(), record.partition(), record.offset(), record.key(), record.headers(),
                record.value(), clock.instant());
    }

    /**
     * The same step from a record's parts: what {@link DecodeStep#decode} calls for the record a Streams processor is
     * handed, so this class needs no Kafka Streams types (the CLI and plain consumers have none on their class path).
     */
    Outcome<V> decode(String sourceTopic, int partition, long offset, byte[] keyBytes, Headers headers,
                              byte[] bytes, Instant now) {
        Source record = new Source(sourceTopic, partition, offset, keyBytes, bytes, now);
        String key = keyBytes == null ? null : new String(keyBytes, StandardCharsets.UTF_8);
        if (bytes == null) {
            if (key != null && topic.cleanup() == Topic.Cleanup.COMPACT) {
                return new Tombstone<>(key);
            }
            return unreadable(record, "tombstone on " + topic.name() + " (key " + key + "): "
                    + (key == null ? "a deletion needs a key" : "this topic carries events, never deletes"), null);
        }
        // A dead letter keeps the key of the record it reports, and a keyless record is one reason to report it.
        if (key == null && !topic.name().equals(Topics.DEAD_LETTERS.name())) {
            return unreadable(record, "no key on " + topic.name() + ": every record of it is keyed", null);
        }
        V value;
        try {
            value = values.deserialize(sourceTopic, headers, bytes);
        } catch (RuntimeException e) {
            if (Transience.isTransient(e)) {
                throw e;
            }
            return unreadable(record, "undecodable as " + topic.name() + ": " + DeadLetters.describe(e), e);
        }
        if (value == null) {
            return unreadable(record, "undecodable as " + topic.name() + ": decoded to nothing", null);
        }
        if (!topic.valueType().isInstance(value)) {
            return unreadable(record, "a " + value.getClass().getSimpleName() + " on " + topic.name() + ", which carries "
                    + topic.valueType().getSimpleName(), null);
        }
        return new Decoded<>(key, value);
    }

    private record Source(String topic, int partition, long offset, byte[] key, byte[] value, Instant at) {}

    private Unreadable<V> unreadable(Source record, String reason, Throwable error) {
        return new Unreadable<>(DeadLetters.of(record.topic(), record.partition(), record.offset(), record.key(),
                record.value(), reason, error, consumer, record.at()));
    }
}
