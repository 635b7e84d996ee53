package dev.spotshift.monitor.streams;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A key-value store that keeps the latest value of each key written since the last commit, undecoded, and writes
 * them to the store below only when the task commits. The monitor rewrites a plan's status and memory with every
 * sample; the record cache below already sends one changelog record per key per commit, but every put still
 * serialised the value (a fifth of the monitor's thread in the 2026-12-07 profiles). Written back on
 * {@link #flushCache()}, which Kafka Streams calls when a task prepares its commit, before the record collector is
 * flushed and the transaction committed, so with exactly_once_v2 the changelog still holds exactly what the
 * committed offsets have seen; a task closed without a commit (crash, lost partition) drops what was pending, as its
 * transaction is aborted. Point reads ({@link #get}) may come from interactive queries on other threads and see the
 * pending value; scans write the pending values back first and are for the task's own thread only.
 */
final class WriteBehindStore<V> extends WrappedStateStore<KeyValueStore<String, V>, String, V>
        implements KeyValueStore<String, V> {

    /** A value told when it has reached the store below, i.e. a commit is under way (a sample chunk then closes). */
    interface WrittenBack {
        void writtenBack();
    }

    /** A pending delete, told apart from "nothing pending" (ConcurrentHashMap holds no null). */
    private static final Object DELETED = new Object();

    private final Map<String, Object> pending = new ConcurrentHashMap<>();

    WriteBehindStore(KeyValueStore<String, V> below) {
        super(below);
    }

    /** The store {@code below} builds, with pending writes kept above it until the commit. */
    static <V> StoreBuilder<KeyValueStore<String, V>> over(StoreBuilder<KeyValueStore<String, V>> below) {
        return new StoreBuilder<>() {
            @Override
            public StoreBuilder<KeyValueStore<String, V>> withCachingEnabled() {
                below.withCachingEnabled();
                return this;
            }

            @Override
            public StoreBuilder<KeyValueStore<String, V>> withCachingDisabled() {
                below.withCachingDisabled();
                return this;
            }

            @Override
            public StoreBuilder<KeyValueStore<String, V>> withLoggingEnabled(Map<String, String> config) {
                below.withLoggingEnabled(config);
                return this;
            }

            @Override
            public StoreBuilder<KeyValueStore<String, V>> withLoggingDisabled() {
                below.withLoggingDisabled();
                return this;
            }

            @Override
            public KeyValueStore<String, V> build() {
                return new WriteBehindStore<>(below.build());
            }

            @Override
            public Map<String, String> logConfig() {
                return below.logConfig();
            }

            @Override
            public boolean loggingEnabled() {
                return below.loggingEnabled();
            }

            @Override
            public String name() {
                return below.name();
            }
        };
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        pending.clear();
        super.init(context, root);
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(String key) {
        Object value = pending.get(key);
        if (value == null) {
            return wrapped().get(key);
        }
        return value == DELETED ? null : (V) value;
    }

    @Override
    public void put(String key, V value) {
        pending.put(key, value == null ? DELETED : value);
    }

    @Override
    public V putIfAbsent(String key, V value) {
        V current = get(key);
        if (current == null) {
            put(key, value);
        }
        return current;
    }

    @Override
    public void putAll(List<KeyValue<String, V>> entries) {
        entries.forEach(e -> put(e.key, e.value));
    }

    @Override
    public V delete(String key) {
        V current = get(key);
        pending.put(key, DELETED);
        return current;
    }

    @Override
    public KeyValueIterator<String, V> range(String from, String to) {
        writeBack();
        return wrapped().range(from, to);
    }

    @Override
    public KeyValueIterator<String, V> reverseRange(String from, String to) {
        writeBack();
        return wrapped().reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<String, V> all() {
        writeBack();
        return wrapped().all();
    }

    @Override
    public KeyValueIterator<String, V> reverseAll() {
        writeBack();
        return wrapped().reverseAll();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<String, V> prefixScan(P prefix, PS prefixKeySerializer) {
        writeBack();
        return wrapped().prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        return wrapped().approximateNumEntries() + pending.size();
    }

    @Override
    public void flushCache() {
        writeBack();
        super.flushCache();
    }

    @Override
    public void flush() {
        writeBack();
        super.flush();
    }

    @Override
    public void close() {
        // Not written back: a clean close has committed (and so flushed) first; anything else is an aborted transaction.
        pending.clear();
        super.close();
    }

    @SuppressWarnings("unchecked")
    private void writeBack() {
        for (Map.Entry<String, Object> e : pending.entrySet()) {
            Object value = e.getValue();
            // A null put removes the key as delete does, without delete's read and decoding of the old value.
            wrapped().put(e.getKey(), value == DELETED ? null : (V) value);
            if (value instanceof WrittenBack w) {
                w.writtenBack();
            }
            // Removed only after the store below has it, so a concurrent get never falls between the two.
            pending.remove(e.getKey(), value);
        }
    }
}
