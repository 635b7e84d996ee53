package dev.spotshift.schemas.streams;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A key-value store with its recently used values kept decoded, written through: every put and delete goes to the
 * store (the source of truth, what a restart restores) and to the cache, so a read never sees anything the store
 * does not hold, and a record for a plan does not decode its state again. Values must be immutable once stored. One
 * per processor instance (a task's thread), made anew whenever the processor is (re)initialised, which follows every
 * restore; only that processor may write the store.
 */
public final class CachedStore<V> {

    private final KeyValueStore<String, V> store;
    private final LinkedHashMap<String, V> recent;

    /** Every key of a task up to {@code maxEntries} kept decoded, the least recently used dropped beyond. */
    public CachedStore(KeyValueStore<String, V> store, int maxEntries) {
        this.store = store;
        this.recent = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** The stored value ({@code null}: none), decoded at most once while it stays in the cache. */
    public V get(String key) {
        V value = recent.get(key);
        if (value == null) {
            value = store.get(key);
            if (value != null) {
                recent.put(key, value);
            }
        }
        return value;
    }

    /** The value as last read or written, without reading the store ({@code null}: not in the cache). */
    public V cached(String key) {
        return recent.get(key);
    }

    public void put(String key, V value) {
        store.put(key, value);
        if (value == null) {
            recent.remove(key);
        } else {
            recent.put(key, value);
        }
    }

    public void delete(String key) {
        store.delete(key);
        recent.remove(key);
    }

    /** The store itself, for a scan ({@code all()}): what it returns is not cached. */
    public KeyValueStore<String, V> store() {
        return store;
    }
}
