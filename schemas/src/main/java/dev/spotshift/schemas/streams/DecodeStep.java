package dev.spotshift.schemas.streams;

import dev.spotshift.events.DeadLetter;
import dev.spotshift.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The first node after a source that reads catalog topics as bytes: {@link DecodeOrDeadLetter} for each record,
 * inside the topology rather than in a DeserializationExceptionHandler, so the dead letter of an unreadable record is
 * written by the same exactly-once transaction that commits its offset. A decoded event goes on to
 * {@code eventsTo} (as {@code as} makes it), a dead letter to {@code deadLettersTo} (either child null: every child),
 * a tombstone on a compacted topic nowhere (no stream job keeps a compacted topic's state). A transient cause (the
 * registry or broker unreachable) is thrown: the thread is replaced and the record read again.
 *
 * @param <O> what this node forwards: the event (wrapped by {@code as}) or the {@link DeadLetter}
 */
public final class DecodeStep<O> implements Processor<String, byte[], String, O> {

    /** Sees what the step decoded and what it dead-lettered (a service's counters). */
    public interface Listener {
        default void decoded(String topic, SpecificRecord event) {}

        default void deadLettered(DeadLetter letter) {}
    }

    private final Map<String, DecodeOrDeadLetter<?>> decoders = new HashMap<>();
    private final BiFunction<SpecificRecord, byte[], O> as;
    private final String eventsTo;
    private final String deadLettersTo;
    private final Listener listener;
    private ProcessorContext<String, O> context;

    private DecodeStep(List<? extends Topic<?>> topics, Function<Topic<?>, Deserializer<?>> values, String consumer,
                       BiFunction<SpecificRecord, byte[], O> as, String eventsTo, String deadLettersTo,
                       Listener listener) {
        for (Topic<?> topic : topics) {
            decoders.put(topic.name(), DecodeOrDeadLetter.of(topic, values.apply(topic), consumer, Clock.systemUTC()));
        }
        this.as = Objects.requireNonNull(as);
        this.eventsTo = eventsTo;
        this.deadLettersTo = deadLettersTo;
        this.listener = listener == null ? new Listener() {} : listener;
    }

    /** Forwards the decoded event itself, or its dead letter, to every child. */
    public static DecodeStep<SpecificRecord> events(Topic<?> topic, Function<Topic<?>, Deserializer<?>> values,
                                                    String consumer) {
        return new DecodeStep<>(List.of(topic), values, consumer, (event, raw) -> event, null, null, null);
    }

    /**
     * Reads several topics from one source: the event, made into what the next node takes by {@code as} (with the
     * bytes it came as), goes to {@code eventsTo}; dead letters go to {@code deadLettersTo}.
     */
    public static <O> DecodeStep<O> routed(List<? extends Topic<?>> topics, Function<Topic<?>, Deserializer<?>> values,
                                           String consumer, BiFunction<SpecificRecord, byte[], O> as, String eventsTo,
                                           String deadLettersTo, Listener listener) {
        return new DecodeStep<>(topics, values, consumer, as, eventsTo, deadLettersTo, listener);
    }

    /**
     * The shared step for the record a processor is handed (its key already a string), for a processor that decodes
     * its own input: the dead letter carries the record's coordinates and the processor's wall-clock time, and the
     * caller writes it in the same exactly-once transaction that commits the offset.
     *
     * @throws RuntimeException when the cause is transient ({@link Transience#isTransient}): the stream thread fails,
     *                          is replaced, and reads the record again
     */
    public static <V extends SpecificRecord> DecodeOrDeadLetter.Outcome<V> decode(DecodeOrDeadLetter<V> decoder,
            ProcessorContext<?, ?> context, Record<String, byte[]> record) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        return decoder.decode(meta == null ? decoder.topic().name() : meta.topic(), meta == null ? -1 : meta.partition(),
                meta == null ? -1 : meta.offset(),
                record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8), record.headers(),
                record.value(), Instant.ofEpochMilli(context.currentSystemTimeMs()));
    }

    @Override
    public void init(ProcessorContext<String, O> context) {
        this.context = context;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Record<String, byte[]> record) {
        String topicName = context.recordMetadata().map(m -> m.topic()).orElse("");
        DecodeOrDeadLetter<?> decoder = decoders.get(topicName);
        if (decoder == null) {
            throw new IllegalStateException("topic " + topicName + " is not one this step decodes: " + decoders.keySet());
        }
        DecodeOrDeadLetter.Outcome<?> outcome = decode(decoder, context, record);
        if (outcome instanceof DecodeOrDeadLetter.Decoded<?> d) {
            SpecificRecord event = (SpecificRecord) d.value();
            listener.decoded(topicName, event);
            // Outside any catch: what the next node throws is its own to handle (quarantine), not a decoding failure.
            context.forward(record.withValue(as.apply(event, record.value())), eventsTo);
        } else if (outcome instanceof DecodeOrDeadLetter.Unreadable<?> u) {
            listener.deadLettered(u.letter());
            context.forward(record.withValue((O) u.letter()), deadLettersTo);
        }
    }
}
