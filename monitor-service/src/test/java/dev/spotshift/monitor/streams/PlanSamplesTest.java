package dev.spotshift.monitor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.monitor.domain.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PlanSamplesTest {

    /** The bytes as the changelog and RocksDB get them. */
    private KeyValueStore<Bytes, byte[]> bytes;
    /** The samples' store as a commit left it. */
    private KeyValueStore<String, SampleChunk> below;
    /** What the processor writes to: the samples' store with its write-behind layer; flushCache() is a commit. */
    private WriteBehindStore<SampleChunk> store;
    private PlanSamples samples;

    @BeforeEach
    void openStore() {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        bytes = Stores.inMemoryKeyValueStore("plan-samples").get();
        KeyValueBytesStoreSupplier supplier = new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return "plan-samples";
            }

            @Override
            public KeyValueStore<Bytes, byte[]> get() {
                return bytes;
            }

            @Override
            public String metricsScope() {
                return "in-memory";
            }
        };
        below = Stores.keyValueStoreBuilder(supplier, Serdes.String(), StateSerdes.sampleChunk())
                .withLoggingDisabled().withCachingDisabled().build();
        store = new WriteBehindStore<>(below);
        store.init(context.getStateStoreContext(), store);
        samples = new PlanSamples(store);
    }

    @Test
    void answersExactlyAsTheStoreDoesWhateverOrderSamplesArriveIn() {
        // Given samples of three plans arriving out of order, redelivered, pruned, forgotten and committed at random
        Random random = new Random(42);
        String[] plans = {"plan-a", "plan-b", "plan-c"};
        long[] newest = new long[plans.length];
        for (int i = 0; i < 3_000; i++) {
            int p = random.nextInt(plans.length);
            String plan = plans[p];
            long at = 1_000_000 + (i / 3) * 1_000L - random.nextInt(5) * 1_000L;
            Sample s = sample("s-" + random.nextInt(1_500), at);
            // When the monitor asks and writes as it does for a sample, and commits now and then
            boolean commits = random.nextInt(5) == 0;
            boolean seen = samples.contains(plan, s);
            if (commits) {
                assertThat(seen).isEqualTo(committed().contains(plan, s));
            }
            if (!seen) {
                samples.add(plan, s);
            }
            newest[p] = Math.max(newest[p], at);
            if (random.nextInt(10) == 0) {
                samples.pruneBefore(plan, newest[p] - random.nextInt(60) * 1_000L);
            }
            if (random.nextInt(500) == 0) {
                samples.forget(plan);
            }
            if (random.nextInt(300) == 0) {
                samples.clearCache();
            }
            // Then at each commit what it reads equals what a reader starting from the committed store alone reads
            if (commits) {
                assertThat(samples.of(plan)).containsExactlyElementsOf(committed().of(plan));
            }
        }
    }

    @Test
    void writesOneValuePerPlanPerCommitAndKeepsOnlyTheWindow() {
        // Given ten samples of one plan between two commits
        for (int k = 1; k <= 10; k++) {
            samples.add("plan-a", sample("s-" + k, 1_000L * k));
        }
        // When the task commits
        store.flushCache();

        // Then the store holds one value for them
        assertThat(keys()).containsExactly("plan-a|c0");
        // And when the next commit's samples push the first ones out of the window, one chunk is added and the
        // trimmed one rewritten
        for (int k = 11; k <= 15; k++) {
            samples.add("plan-a", sample("s-" + k, 1_000L * k));
            samples.pruneBefore("plan-a", 1_000L * (k - 9));
        }
        store.flushCache();
        assertThat(keys()).containsExactly("plan-a|c0", "plan-a|c1");
        assertThat(committed().of("plan-a")).extracting(Sample::sampleId)
                .containsExactly("s-6", "s-7", "s-8", "s-9", "s-10", "s-11", "s-12", "s-13", "s-14", "s-15");
    }

    @Test
    void readsAndPrunesTheSamplesStoredOnePerKeyBeforeChunks() {
        // Given samples stored as the monitor stored them before chunks: planId|atMillis(13 digits)|sampleId -> SampleState
        var oneSample = StateSerdes.sample().serializer();
        for (int k = 1; k <= 3; k++) {
            bytes.put(Bytes.wrap(("plan-a|" + String.format("%013d", 1_000L * k) + "|s-" + k).getBytes()),
                    oneSample.serialize("t", sample("s-" + k, 1_000L * k)));
        }
        // When a new sample arrives, and the oldest leaves the window
        assertThat(samples.contains("plan-a", sample("s-2", 2_000L))).isTrue();
        samples.add("plan-a", sample("s-4", 4_000L));
        samples.pruneBefore("plan-a", 2_000L);
        store.flushCache();

        // Then the old samples are read with the new, and the pruned one's key is gone
        assertThat(committed().of("plan-a")).extracting(Sample::sampleId).containsExactly("s-2", "s-3", "s-4");
        assertThat(keys()).containsExactly("plan-a|0000000002000|s-2", "plan-a|0000000003000|s-3", "plan-a|c0");
    }

    @Test
    void keepsAnsweringFromTheStoreWhenMorePlansAreSampledThanTheCacheHolds() {
        // Given more samples than the cache keeps, over many plans
        int plans = 40;
        int perPlan = PlanSamples.MAX_CACHED_SAMPLES / plans + 10;
        for (int k = 0; k < perPlan; k++) {
            for (int p = 0; p < plans; p++) {
                samples.add("plan-" + p, sample("s-" + p + "-" + k, 1_000L * (k + 1)));
            }
            if (k % 100 == 0) {
                store.flushCache();
            }
        }
        // When a plan sampled long ago is read and pruned
        samples.pruneBefore("plan-0", 1_000L * (perPlan - 5));

        // Then the reads match the store
        for (int p = 0; p < plans; p += 13) {
            assertThat(samples.of("plan-" + p)).containsExactlyElementsOf(committed().of("plan-" + p));
        }
        assertThat(samples.of("plan-0")).hasSize(6);
    }

    /** Commits, and reads what the commit wrote as a restarted task restores it: below the write-behind layer. */
    private PlanSamples committed() {
        store.flushCache();
        return new PlanSamples(below);
    }

    private List<String> keys() {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> all = bytes.all()) {
            all.forEachRemaining(kv -> keys.add(new String(kv.key.get())));
        }
        return keys;
    }

    private static Sample sample(String id, long atMillis) {
        return new Sample(id, atMillis, 1_000, 10, 0, 1_000, 50.0, 300, 1_000, 100, 0);
    }
}
