package dev.spotshift.monitor.streams;

import dev.spotshift.monitor.domain.Sample;
import dev.spotshift.monitor.domain.SampleSeries;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * <p>The store is the source of truth (it is what a restart restores); the open chunk is put when opened (the store
 * above keeps that object until the commit), and after any other change the changed chunk is put again, so at each
 * commit the store holds exactly the decoded window. The windows of recently sampled plans are kept decoded here, in
 * time order (then sampleId), with the chunk of each sample, as a {@link SampleSeries}. A window is loaded from the store the
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
        return window(planId).series.holds(s);
    }

    void add(String planId, Sample s) {
        Window window = window(planId);
        SampleChunk chunk = window.open == null ? null : window.chunks.get(window.open);
        if (chunk == null || chunk.written()) {
            window.open = planId + CHUNK + window.nextSeq++;
            chunk = SampleChunk.open();
            window.chunks.put(window.open, chunk);
            // Put once, when opened: until it is written back at the commit (which closes it) the store above holds
            // this very object, so the samples added to it later are written with it.
            store.put(window.open, chunk);
        }
        chunk.add(s);
        SampleSeries.Replaced replaced = window.series.put(s, window.open);
        if (replaced == null) {
            cachedSamples++;
        } else {
            removeFromChunk(window, (String) replaced.tag(), replaced.sample());
        }
        evictIfNeeded(planId);
    }

    /**
     * The plan's samples in time order, fixed: the caller may keep them while this store changes. A view of the
     * plan's series, no copy; windows are cut from it without copies and their totals read from its running totals.
     */
    List<Sample> of(String planId) {
        return window(planId).series.view();
    }

    void pruneBefore(String planId, long cutoffMillis) {
        if (cutoffMillis <= 0) {
            return;
        }
        Window window = window(planId);
        int n = window.series.countBefore(cutoffMillis);
        if (n == 0) {
            return;
        }
        // the chunks touched, in the order met: few (samples of one chunk are neighbours), so a list, not a set
        List<String> touched = new ArrayList<>(2);
        for (int i = 0; i < n; i++) {
            String key = (String) window.series.tag(i);
            window.chunks.get(key).remove(window.series.get(i));
            if (!touched.contains(key)) {
                touched.add(key);
            }
        }
        window.series.dropFirst(n);
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
            // in window order already: every put appends (an equal pair, which no store held, would replace)
            window.series.put(samples.get(i), chunkOf.get(i));
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

    /** One plan's samples in window order with the key of each one's chunk, and its chunks. */
    private static final class Window {
        final SampleSeries series = new SampleSeries(PlanSamples::compare);
        final Map<String, SampleChunk> chunks = new HashMap<>();
        /** The chunk new samples go to until it is written back. */
        String open;
        long nextSeq;

        int size() {
            return series.size();
        }
    }
}
