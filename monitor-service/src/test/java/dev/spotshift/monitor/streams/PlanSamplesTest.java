package dev.spotshift.monitor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.monitor.domain.Sample;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PlanSamplesTest {

    private KeyValueStore<String, Sample> store;
    private PlanSamples samples;

    @BeforeEach
    void openStore() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("plan-samples"), Serdes.String(),
                StateSerdes.sample()).withLoggingDisabled().withCachingDisabled().build();
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
        samples = new PlanSamples(store);
    }

    @Test
    void answersExactlyAsTheStoreDoesWhateverOrderSamplesArriveIn() {
        // Given samples of three plans arriving out of order, redelivered, pruned and forgotten at random
        Random random = new Random(42);
        String[] plans = {"plan-a", "plan-b", "plan-c"};
        long[] newest = new long[plans.length];
        for (int i = 0; i < 3_000; i++) {
            int p = random.nextInt(plans.length);
            String plan = plans[p];
            long at = 1_000_000 + (i / 3) * 1_000L - random.nextInt(5) * 1_000L;
            Sample s = sample("s-" + random.nextInt(1_500), at);
            // When the monitor asks and writes as it does for a sample
            boolean seen = samples.contains(plan, s);
            assertThat(seen).isEqualTo(fresh().contains(plan, s));
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
            // Then what it reads equals what a reader starting from the store alone reads
            assertThat(samples.of(plan)).containsExactlyElementsOf(fresh().of(plan));
        }
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
        }
        // When a plan sampled long ago is read and pruned
        samples.pruneBefore("plan-0", 1_000L * (perPlan - 5));

        // Then the reads match the store
        for (int p = 0; p < plans; p += 13) {
            assertThat(samples.of("plan-" + p)).containsExactlyElementsOf(fresh().of("plan-" + p));
        }
        assertThat(samples.of("plan-0")).hasSize(6);
    }

    @Test
    void writesTheSameKeysAsBefore() {
        for (long at : new long[] {0, 7, 1_000, 1_732_000_000_123L, 9_999_999_999_999L, 12_345_678_901_234L, -5}) {
            assertThat(PlanSamples.key("plan-a", at, "s-1")).isEqualTo("plan-a|" + String.format("%013d", at) + "|s-1");
        }
    }

    private PlanSamples fresh() {
        return new PlanSamples(store);
    }

    private static Sample sample(String id, long atMillis) {
        return new Sample(id, atMillis, 1_000, 10, 0, 1_000, 50.0, 300, 1_000, 100, 0);
    }
}
