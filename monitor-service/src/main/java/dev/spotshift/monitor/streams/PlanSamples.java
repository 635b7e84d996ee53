package dev.spotshift.monitor.streams;

import dev.spotshift.monitor.domain.Sample;
import dev.spotshift.monitor.domain.TimeOrdered;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A plan's recent samples in a key-value store, in chunks keyed {@code planId|c<seq>}: each chunk holds the samples
 * of the plan that one commit added (see {@link SampleChunk}), so a prefix scan returns the plan's chunks, and the
 * samples a window no longer needs are removed from their chunks (an emptied chunk is deleted, a trimmed one
 * rewritten). Keys {@code planId|atMillis(13 digits)|sampleId} of one sample each, as the store held them before
 * chunks, are read as chunks of one sample and deleted when pruned.
 *
 * <p>The store is the source of truth (it is what a restart restores); after every change the changed chunk is put
 * again, so at each commit the store holds exactly the decoded window. The windows of recently sampled plans are kept
 * decoded here, in time order (then sampleId), with the chunk of each sample. A window is loaded from the store the
 * first time it is needed, a plan that has not been sampled for a while is dropped once more than
 * {@link #MAX_CACHED_SAMPLES} are held, and {@link #clearCache()} (called whenever the processor is (re)initialised,
 * e.g. after the task's state was wiped and restored) starts again from the store.
 */
final class PlanSamples {

    /** About 25 MB of decoded samples at most; beyond that the least recently used plans are reloaded when needed. */
    static final int MAX_CACHED_SAMPLES = 100_000;
    private static final StringSerializer KEYS = new StringSerializer();
    private static final String CHUNK = "|c";

    private final KeyValueStore<String, SampleChunk> store;
    /** planId -> that plan's samples as the store holds them, in window order; access order, least recent first. */
    private final LinkedHashMap<String, Window> windows = new LinkedHashMap<>(256, 0.75f, true);
    private int cachedSamples;

    PlanSamples(KeyValueStore<String, SampleChunk> store) {
        this.store = store;
    }

    boolean contains(String planId, Sample s) {
        return window(planId).holds(s);
    }

    void add(String planId, Sample s) {
        Window window = window(planId);
        SampleChunk chunk = window.open == null ? null : window.chunks.get(window.open);
        if (chunk == null || chunk.written()) {
            window.open = planId + CHUNK + window.nextSeq++;
            chunk = SampleChunk.open();
            window.chunks.put(window.open, chunk);
        }
        chunk.add(s);
        store.put(window.open, chunk);
        cachedSamples += window.put(s, window.open, this::removeFromChunk);
        evictIfNeeded(planId);
    }

    /** The plan's samples in time order, a fixed copy the caller may keep (windows are cut from it without copies). */
    List<Sample> of(String planId) {
        return TimeOrdered.of(window(planId).samples);
    }

    void pruneBefore(String planId, long cutoffMillis) {
        if (cutoffMillis <= 0) {
            return;
        }
        Window window = window(planId);
        int n = window.countBefore(cutoffMillis);
        if (n == 0) {
            return;
        }
        Set<String> touched = new HashSet<>();
        for (int i = 0; i < n; i++) {
            String key = window.chunkOf.get(i);
            window.chunks.get(key).remove(window.samples.get(i));
            touched.add(key);
        }
        window.dropFirst(n);
        cachedSamples -= n;
        touched.forEach(key -> written(window, key));
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

    private void removeFromChunk(Window window, String key, Sample s) {
        window.chunks.get(key).remove(s);
        written(window, key);
    }

    /** Puts the chunk again after a change, or deletes it once empty. */
    private void written(Window window, String key) {
        SampleChunk chunk = window.chunks.get(key);
        if (chunk.isEmpty()) {
            window.chunks.remove(key);
            store.put(key, null);
        } else {
            store.put(key, chunk);
        }
    }

    private Window window(String planId) {
        Window window = windows.get(planId);
        return window != null ? window : load(planId);
    }

    private Window load(String planId) {
        Window window = new Window();
        List<Sample> samples = new ArrayList<>();
        List<String> chunkOf = new ArrayList<>();
        String chunkPrefix = planId + CHUNK;
        try (KeyValueIterator<String, SampleChunk> it = store.prefixScan(planId + "|", KEYS)) {
            it.forEachRemaining(kv -> {
                window.chunks.put(kv.key, kv.value);
                if (kv.key.startsWith(chunkPrefix)) {
                    window.nextSeq = Math.max(window.nextSeq, Long.parseLong(kv.key.substring(chunkPrefix.length())) + 1);
                }
                for (Sample s : kv.value.samples()) {
                    samples.add(s);
                    chunkOf.add(kv.key);
                }
            });
        }
        Integer[] order = new Integer[samples.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> compare(samples.get(a), samples.get(b)));
        for (int i : order) {
            window.samples.add(samples.get(i));
            window.chunkOf.add(chunkOf.get(i));
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
        try (KeyValueIterator<String, SampleChunk> it = store.range(from, toExclusive)) {
            it.forEachRemaining((KeyValue<String, SampleChunk> kv) -> {
                if (kv.key.compareTo(toExclusive) < 0) {
                    keys.add(kv.key);
                }
            });
        }
        keys.forEach(key -> store.put(key, null));
    }

    /**
     * Window order: event time, then sampleId in code point order, as the per-sample keys sorted; the time compared
     * as a number, so the sampleIds only when two samples share a millisecond.
     */
    static int compare(Sample a, Sample b) {
        int byTime = Long.compare(a.atMillis(), b.atMillis());
        return byTime != 0 ? byTime : compareCodePoints(String.valueOf(a.sampleId()), String.valueOf(b.sampleId()));
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

    @FunctionalInterface
    private interface Replaced {
        void remove(Window window, String chunkKey, Sample replaced);
    }

    /** One plan's samples in window order, the key of each one's chunk, and its chunks (samples mostly arrive in order: appends). */
    private static final class Window {
        final List<Sample> samples = new ArrayList<>();
        final List<String> chunkOf = new ArrayList<>();
        final Map<String, SampleChunk> chunks = new HashMap<>();
        /** The chunk new samples go to until it is written back. */
        String open;
        long nextSeq;

        int size() {
            return samples.size();
        }

        int indexOf(Sample s) {
            return Collections.binarySearch(samples, s, PlanSamples::compare);
        }

        /** Samples mostly arrive in order: one comparison with the newest answers "not held" for most of them. */
        boolean holds(Sample s) {
            return !samples.isEmpty() && compare(samples.get(samples.size() - 1), s) >= 0 && indexOf(s) >= 0;
        }

        /** Puts or replaces (the replaced sample leaves its chunk); returns how many samples were added (0 or 1). */
        int put(Sample s, String chunkKey, Replaced replaced) {
            if (samples.isEmpty() || compare(samples.get(samples.size() - 1), s) < 0) {
                samples.add(s);
                chunkOf.add(chunkKey);
                return 1;
            }
            int at = indexOf(s);
            if (at >= 0) {
                Sample old = samples.set(at, s);
                replaced.remove(this, chunkOf.set(at, chunkKey), old);
                return 0;
            }
            int insert = -at - 1;
            samples.add(insert, s);
            chunkOf.add(insert, chunkKey);
            return 1;
        }

        /** How many samples are older than {@code cutoffMillis} (they are a prefix of the list). */
        int countBefore(long cutoffMillis) {
            // Usually nothing is old enough to drop: one comparison instead of a binary search per sample.
            if (samples.isEmpty() || samples.get(0).atMillis() >= cutoffMillis) {
                return 0;
            }
            int lo = 0;
            int hi = samples.size();
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (samples.get(mid).atMillis() < cutoffMillis) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        void dropFirst(int n) {
            if (n > 0) {
                samples.subList(0, n).clear();
                chunkOf.subList(0, n).clear();
            }
        }
    }
}
