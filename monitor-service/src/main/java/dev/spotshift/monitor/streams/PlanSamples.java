package dev.spotshift.monitor.streams;

import dev.spotshift.monitor.domain.Sample;
import dev.spotshift.monitor.domain.TimeOrdered;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A plan's recent samples in a key-value store, keyed {@code planId|atMillis(13 digits)|sampleId}
 * so one plan's samples sit together in time order and a prefix scan returns them, and a range
 * drops those older than the longest window.
 *
 * <p>The store is the source of truth (it is what a restart restores). Decoding a plan's whole
 * window from the store on every sample made ingest quadratic in the window, so the windows of
 * recently sampled plans are also kept decoded here, in the store's key order, and every write
 * goes to both. A window is loaded from the store the first time it is needed, a plan that has
 * not been sampled for a while is dropped once more than {@link #MAX_CACHED_SAMPLES} are held,
 * and {@link #clearCache()} (called whenever the processor is (re)initialised, e.g. after the
 * task's state was wiped and restored) starts again from the store.
 */
final class PlanSamples {

    /** About 25 MB of decoded samples at most; beyond that the least recently used plans are reloaded when needed. */
    static final int MAX_CACHED_SAMPLES = 100_000;
    private static final StringSerializer KEYS = new StringSerializer();
    /** RocksDB orders keys by their UTF-8 bytes, which is code point order (String.compareTo is UTF-16 order). */
    private static final Comparator<String> STORE_ORDER = PlanSamples::compareCodePoints;

    /** Whether the default locale formats {@code %013d} with ASCII digits, as the fast path below writes them. */
    private static final boolean ASCII_PADDING = String.format("%013d", 1234567890L).equals("0001234567890");

    private final KeyValueStore<String, Sample> store;
    /** planId -> that plan's samples as the store holds them, in key order; access order, least recent first. */
    private final LinkedHashMap<String, Window> windows = new LinkedHashMap<>(256, 0.75f, true);
    private int cachedSamples;

    PlanSamples(KeyValueStore<String, Sample> store) {
        this.store = store;
    }

    boolean contains(String planId, Sample s) {
        String key = key(planId, s.atMillis(), s.sampleId());
        Window window = windows.get(planId);
        if (window != null) {
            return window.holds(key);
        }
        return store.get(key) != null;
    }

    void add(String planId, Sample s) {
        String key = key(planId, s.atMillis(), s.sampleId());
        store.put(key, s);
        Window window = windows.get(planId);
        if (window != null) {
            cachedSamples += window.put(key, s);
            evictIfNeeded(planId);
        }
    }

    /** The plan's samples in time order, a fixed copy the caller may keep (windows are cut from it without copies). */
    List<Sample> of(String planId) {
        Window window = windows.get(planId);
        if (window == null) {
            window = load(planId);
        }
        return TimeOrdered.of(window.samples);
    }

    void pruneBefore(String planId, long cutoffMillis) {
        if (cutoffMillis <= 0) {
            return;
        }
        String toExclusive = key(planId, cutoffMillis, "");
        Window window = windows.get(planId);
        if (window == null) {
            deleteRange(planId + "|", toExclusive);
            return;
        }
        int n = window.countBefore(toExclusive);
        for (int i = 0; i < n; i++) {
            remove(window.keys.get(i));
        }
        window.dropFirst(n);
        cachedSamples -= n;
    }

    void forget(String planId) {
        Window window = windows.remove(planId);
        if (window != null) {
            cachedSamples -= window.size();
        }
        deleteRange(planId + "|", planId + "}");
    }

    /** Forgets every decoded window: the next read of a plan goes to the store. */
    void clearCache() {
        windows.clear();
        cachedSamples = 0;
    }

    private Window load(String planId) {
        Window window = new Window();
        try (KeyValueIterator<String, Sample> it = store.prefixScan(planId + "|", KEYS)) {
            it.forEachRemaining(kv -> window.append(kv.key, kv.value));
        }
        windows.put(planId, window);
        cachedSamples += window.size();
        evictIfNeeded(planId);
        return window;
    }

    private void evictIfNeeded(String keep) {
        Iterator<Map.Entry<String, Window>> eldest = windows.entrySet().iterator();
        while (cachedSamples > MAX_CACHED_SAMPLES && eldest.hasNext()) {
            Map.Entry<String, Window> e = eldest.next();
            if (!e.getKey().equals(keep)) {
                cachedSamples -= e.getValue().size();
                eldest.remove();
            }
        }
    }

    private void deleteRange(String from, String toExclusive) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, Sample> it = store.range(from, toExclusive)) {
            it.forEachRemaining((KeyValue<String, Sample> kv) -> {
                if (kv.key.compareTo(toExclusive) < 0) {
                    keys.add(kv.key);
                }
            });
        }
        keys.forEach(this::remove);
    }

    /**
     * A null put removes the key like delete does, without delete's read and decoding of the old value (a RocksDB
     * get and a sample decoded per pruned sample, which nothing here uses).
     */
    private void remove(String key) {
        store.put(key, null);
    }

    /** {@code planId|atMillis|sampleId}, atMillis zero-padded to 13 digits as {@code String.format("%013d")} does. */
    static String key(String planId, long atMillis, String sampleId) {
        if (atMillis < 0 || !ASCII_PADDING) {
            return planId + "|" + String.format("%013d", atMillis) + "|" + sampleId;
        }
        String digits = Long.toString(atMillis);
        StringBuilder key = new StringBuilder(planId.length() + 15 + sampleId.length()).append(planId).append('|');
        for (int i = digits.length(); i < 13; i++) {
            key.append('0');
        }
        return key.append(digits).append('|').append(sampleId).toString();
    }

    /** Code point order; a plain char comparison wherever the first difference is not a surrogate (the usual case). */
    private static int compareCodePoints(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int k = 0; k < n; k++) {
            char ca = a.charAt(k);
            char cb = b.charAt(k);
            if (ca != cb) {
                if (!Character.isSurrogate(ca) && !Character.isSurrogate(cb)) {
                    return Character.compare(ca, cb);
                }
                int at = k > 0 && Character.isHighSurrogate(a.charAt(k - 1)) ? k - 1 : k;
                return Integer.compare(a.codePointAt(at), b.codePointAt(at));
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    /** One plan's samples and their store keys, in store key order (samples mostly arrive in order: appends). */
    private static final class Window {
        final List<String> keys = new ArrayList<>();
        final List<Sample> samples = new ArrayList<>();

        int size() {
            return keys.size();
        }

        void append(String key, Sample s) {
            keys.add(key);
            samples.add(s);
        }

        int indexOf(String key) {
            return Collections.binarySearch(keys, key, STORE_ORDER);
        }

        /** Samples mostly arrive in order: one comparison with the newest answers "not held" for most of them. */
        boolean holds(String key) {
            return !keys.isEmpty() && STORE_ORDER.compare(keys.get(keys.size() - 1), key) >= 0 && indexOf(key) >= 0;
        }

        /** Puts or replaces; returns how many samples were added (0 or 1). */
        int put(String key, Sample s) {
            if (keys.isEmpty() || STORE_ORDER.compare(keys.get(keys.size() - 1), key) < 0) {
                append(key, s);
                return 1;
            }
            int at = indexOf(key);
            if (at >= 0) {
                samples.set(at, s);
                return 0;
            }
            int insert = -at - 1;
            keys.add(insert, key);
            samples.add(insert, s);
            return 1;
        }

        /** How many keys sort before {@code toExclusive} (they are a prefix of the list). */
        int countBefore(String toExclusive) {
            // Usually nothing is old enough to drop: one comparison instead of a binary search per sample.
            if (keys.isEmpty() || STORE_ORDER.compare(keys.get(0), toExclusive) >= 0) {
                return 0;
            }
            int at = indexOf(toExclusive);
            return at >= 0 ? at : -at - 1;
        }

        void dropFirst(int n) {
            if (n > 0) {
                keys.subList(0, n).clear();
                samples.subList(0, n).clear();
            }
        }
    }
}
