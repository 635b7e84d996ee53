package dev.spotshift.monitor.streams;

import dev.spotshift.monitor.domain.Sample;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A plan's recent samples in a key-value store, keyed {@code planId|atMillis(13 digits)|sampleId}
 * so one plan's samples sit together in time order and a prefix scan returns them, and a range
 * drops those older than the longest window.
 */
final class PlanSamples {

    private static final StringSerializer KEYS = new StringSerializer();
    private final KeyValueStore<String, Sample> store;

    PlanSamples(KeyValueStore<String, Sample> store) {
        this.store = store;
    }

    boolean contains(String planId, Sample s) {
        return store.get(key(planId, s.atMillis(), s.sampleId())) != null;
    }

    void add(String planId, Sample s) {
        store.put(key(planId, s.atMillis(), s.sampleId()), s);
    }

    List<Sample> of(String planId) {
        List<Sample> out = new ArrayList<>();
        try (KeyValueIterator<String, Sample> it = store.prefixScan(planId + "|", KEYS)) {
            it.forEachRemaining(kv -> out.add(kv.value));
        }
        return out;
    }

    void pruneBefore(String planId, long cutoffMillis) {
        if (cutoffMillis <= 0) {
            return;
        }
        deleteRange(planId + "|", key(planId, cutoffMillis, ""));
    }

    void forget(String planId) {
        deleteRange(planId + "|", planId + "}");
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
        keys.forEach(store::delete);
    }

    private static String key(String planId, long atMillis, String sampleId) {
        return planId + "|" + String.format("%013d", atMillis) + "|" + sampleId;
    }
}
