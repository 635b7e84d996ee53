package dev.spotshift.monitor.streams;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A key-value store with its recently used values kept decoded, written through: every put and
 * delete goes to the store (the source of truth, what a restart restores) and to the cache, so a
 * read never sees anything the store does not hold. Values must be immutable once stored. One per
 * processor instance (a task's thread), made anew whenever the processor is (re)initialised.
 */
final class CachedStore<V> {

    private final KeyValueStore<String, V> store;
    private final LinkedHashMap<String, V> recent;

    CachedStore(KeyValueStore<String, V> store, int maxEntries) {
        this.store = store;
        this.recent = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > maxEntries;
            }
        };
    }

    V get(String key) {
        V value = recent.get(key);
        if (value == null) {
            value = store.get(key);
            if (value != null) {
                recent.put(key, value);
            }
        }
        return value;
    }

    void put(String key, V value) {
        store.put(key, value);
        if (value == null) {
            recent.remove(key);
        } else {
            recent.put(key, value);
        }
    }

    void delete(String key) {
        store.delete(key);
        recent.remove(key);
    }

    KeyValueStore<String, V> store() {
        return store;
    }
}
