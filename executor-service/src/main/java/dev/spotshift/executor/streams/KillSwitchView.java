package dev.spotshift.executor.streams;

import dev.spotshift.events.KillSwitch;
import dev.spotshift.schemas.DeadLetters;
import dev.spotshift.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.jboss.logging.Logger;

/**
 * The global kill switch as the rollout processor sees it: the latest record under its one key, in log order (a
 * record under another key is nobody's switch: refused on the way in, never resolved by its writer's clock). One per
 * processor instance; the checks on the way in are the global table's deserializers.
 */
final class KillSwitchView {

    private static final Logger LOG = Logger.getLogger(KillSwitchView.class);

    private final TimestampedKeyValueStore<String, KillSwitch> store;
    private final ProcessorContext<String, SpecificRecord> context;
    private final ExecutorMetrics metrics;
    private KillSwitch lastReadable;
    private boolean unreadableLogged;

    KillSwitchView(ProcessorContext<String, SpecificRecord> context, ExecutorMetrics metrics) {
        this.store = context.getStateStore(RolloutTopology.KILL_SWITCH_STORE);
        this.context = context;
        this.metrics = metrics;
    }

    static boolean engaged(KillSwitch k) {
        return k != null && k.getEngaged();
    }

    /** The switch as it stands ({@code null}: never set). */
    KillSwitch current() {
        try {
            ValueAndTimestamp<KillSwitch> v = store.get(Topics.KILL_SWITCH_KEY);
            lastReadable = v == null ? null : v.value();
        } catch (SerializationException e) {
            // A global store restored from the topic holds raw bytes: an unreadable latest record must not stop
            // every plan (nor flip the switch); the last readable one stands until a readable record follows.
            if (!unreadableLogged) {
                unreadable(e);
                unreadableLogged = true;
            }
            metrics.ignored("KillSwitch");
            return lastReadable;
        }
        unreadableLogged = false;
        return lastReadable;
    }

    private void unreadable(SerializationException e) {
        String stands = lastReadable == null ? "none" : engaged(lastReadable) ? "engaged" : "released";
        LOG.errorf("kill switch: the latest record under %s cannot be read (%s); the last readable one (%s) stands",
                Topics.KILL_SWITCH_KEY, e.getMessage(), stands);
        // Restored from the topic as raw bytes, the record escaped the deserialization handler: it is a dead
        // letter here, once, by the task of partition 0 (every task reads the same global table).
        if (context.taskId().partition() == 0) {
            Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
            context.forward(new Record<>(Topics.KILL_SWITCH_KEY, DeadLetters.of(Topics.KILL_SWITCH.name(), -1, -1,
                    Topics.KILL_SWITCH_KEY.getBytes(StandardCharsets.UTF_8), null, "the latest kill switch cannot be "
                            + "read; the last readable one (" + stands + ") stands until a readable record follows", e,
                    RolloutTopology.CONSUMER, now), now.toEpochMilli()));
        }
    }

    /**
     * The switch has one key: a record under another is nobody's switch, and failing its key here sends it to the
     * deserialization handler, which makes it a dead letter with this reason instead of a silently kept stranger.
     */
    static String key(String topic, byte[] key) {
        String k = key == null ? null : new String(key, StandardCharsets.UTF_8);
        if (!Topics.KILL_SWITCH_KEY.equals(k)) {
            throw new SerializationException("a record on " + topic + " under key '" + k
                    + "': the kill switch has one key, '" + Topics.KILL_SWITCH_KEY + "'");
        }
        return k;
    }

    /**
     * The global store's value serde, its reads decoding a record only when its bytes differ from the last one
     * decoded: every record and every tick of every task reads the switch, which almost never changes. Shared by the
     * stream threads (one global store): the last pair is replaced whole, never mutated. The switch handed out is
     * shared too, and only read.
     */
    static Serde<KillSwitch> decodedOnce(Serde<KillSwitch> avro) {
        Deserializer<KillSwitch> inner = avro.deserializer();
        Deserializer<KillSwitch> once = new Deserializer<>() {
            private volatile Decoded last;

            @Override
            public KillSwitch deserialize(String topic, byte[] data) {
                return deserialize(topic, null, data);
            }

            @Override
            public KillSwitch deserialize(String topic, Headers headers, byte[] data) {
                if (data == null) {
                    return null;
                }
                Decoded seen = last;
                if (seen != null && Arrays.equals(seen.bytes(), data)) {
                    return seen.value();
                }
                KillSwitch value = headers == null ? inner.deserialize(topic, data) : inner.deserialize(topic, headers, data);
                last = new Decoded(data.clone(), value);
                return value;
            }
        };
        return Serdes.serdeFrom(avro.serializer(), once);
    }

    private record Decoded(byte[] bytes, KillSwitch value) {}

    /** Readable Avro of another event (a schema id that is not the switch's) is no switch either. */
    static Deserializer<KillSwitch> value(Deserializer<?> avro) {
        return new Deserializer<>() {
            @Override
            public KillSwitch deserialize(String topic, byte[] data) {
                return check(topic, avro.deserialize(topic, data));
            }

            @Override
            public KillSwitch deserialize(String topic, Headers headers, byte[] data) {
                return check(topic, avro.deserialize(topic, headers, data));
            }

            private KillSwitch check(String topic, Object value) {
                if (value != null && !(value instanceof KillSwitch)) {
                    throw new SerializationException("a " + value.getClass().getSimpleName() + " on " + topic
                            + ", which carries KillSwitch");
                }
                return (KillSwitch) value;
            }
        };
    }
}
