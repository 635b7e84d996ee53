package dev.spotshift.monitor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A plan's series with running totals against the plain model it replaces (a sorted list, windows filtered from it
 * and summed again): random adds (mostly in order, some late, some replacing a sample), prunes and retained views.
 */
class SampleSeriesTest {

    private static final Comparator<Sample> ORDER = Comparator.comparingLong(Sample::atMillis)
            .thenComparing(Sample::sampleId);

    private static Sample random(Random rnd, String id, long atMillis) {
        int completed = rnd.nextInt(50);
        long onDemand = rnd.nextInt(10_000);
        return new Sample(id, atMillis, 1_000, completed, rnd.nextInt(3), 500 + rnd.nextInt(2_000),
                rnd.nextDouble() * 100, rnd.nextInt(8_000), onDemand, rnd.nextInt(101), rnd.nextInt(20) == 0 ? 1 : 0);
    }

    @Test
    void givenRandomAddsReplacementsAndPrunes_whenEveryTrailingWindowIsCut_thenItsTotalsEqualARecomputation() {
        for (long seed = 1; seed <= 40; seed++) {
            Random rnd = new Random(seed);
            SampleSeries series = new SampleSeries(ORDER);
            List<Sample> model = new ArrayList<>();
            long now = 0;
            for (int step = 0; step < 400; step++) {
                // Given one change to both
                int kind = rnd.nextInt(10);
                if (kind < 6) {
                    now += rnd.nextInt(3) * 500L;
                    Sample s = random(rnd, "s" + step, now);
                    put(series, model, s, "t" + step);
                } else if (kind < 8 && !model.isEmpty()) {
                    // late, or the same id and time again (a replacement)
                    Sample old = model.get(rnd.nextInt(model.size()));
                    Sample s = rnd.nextBoolean() ? random(rnd, old.sampleId(), old.atMillis())
                            : random(rnd, "late" + step, Math.max(0, now - rnd.nextInt(5_000)));
                    put(series, model, s, "t" + step);
                } else {
                    long cutoff = now - rnd.nextInt(8_000);
                    int n = series.countBefore(cutoff);
                    assertThat(n).isEqualTo((int) model.stream().filter(x -> x.atMillis() < cutoff).count());
                    series.dropFirst(n);
                    model.subList(0, n).clear();
                }
                TimeOrdered view = series.view();

                // Then the same samples, and every window's totals as summed afresh
                assertThat(view).as("seed %d step %d", seed, step).isEqualTo(model);
                for (long length : new long[] {0, 500, 1_000, 2_500, 10_000, Long.MAX_VALUE}) {
                    long end = now - rnd.nextInt(3) * 500L;
                    WindowStats fast = Window.trailing(view, end, length).stats();
                    WindowStats fresh = WindowStats.of(new ArrayList<>(
                            Window.trailing(new ArrayList<>(model), end, length).samples()));
                    assertSame(fast, fresh, "seed " + seed + " step " + step + " length " + length);
                }
            }
        }
    }

    @Test
    void givenAViewTaken_whenTheSeriesIsChangedAfterwards_thenTheViewAndItsTotalsStayAsTheyWere() {
        // Given
        Random rnd = new Random(7);
        SampleSeries series = new SampleSeries(ORDER);
        for (int i = 0; i < 20; i++) {
            series.put(random(rnd, "s" + i, i * 1_000L), "t");
        }
        TimeOrdered view = series.view();
        List<Sample> before = new ArrayList<>(view);
        WindowStats totals = WindowStats.of(new ArrayList<>(view));

        // When appended to past a resize, a late sample inserted, one replaced and the oldest pruned
        for (int i = 20; i < 60; i++) {
            series.put(random(rnd, "s" + i, i * 1_000L), "t");
        }
        series.put(random(rnd, "late", 5_500), "t");
        series.put(random(rnd, "s3", 3_000), "t");
        series.dropFirst(series.countBefore(10_000));

        // Then
        assertThat(view).isEqualTo(before);
        assertSame(view.stats(), totals, "the view's totals");
    }

    @Test
    void givenASampleEqualToOneHeld_whenPut_thenItReplacesThatOneAndHandsBackItsTag() {
        // Given
        SampleSeries series = new SampleSeries(ORDER);
        Sample first = Samples.healthy("a", 1_000, 5);
        series.put(first, "chunk-1");
        series.put(Samples.healthy("b", 2_000, 5), "chunk-1");

        // When
        Sample again = Samples.failing("a", 1_000, 3, 2);
        SampleSeries.Replaced replaced = series.put(again, "chunk-2");

        // Then
        assertThat(replaced).isEqualTo(new SampleSeries.Replaced(first, "chunk-1"));
        assertThat(series.view()).extracting(Sample::sampleId).containsExactly("a", "b");
        assertThat(series.get(0)).isSameAs(again);
        assertThat(series.tag(0)).isEqualTo("chunk-2");
        assertThat(series.holds(Samples.healthy("a", 1_000, 9))).isTrue();
        assertThat(series.holds(Samples.healthy("c", 1_000, 9))).isFalse();
    }

    private static void put(SampleSeries series, List<Sample> model, Sample s, String tag) {
        series.put(s, tag);
        int at = java.util.Collections.binarySearch(model, s, ORDER);
        if (at >= 0) {
            model.set(at, s);
        } else {
            model.add(-at - 1, s);
        }
    }

    /** Whole-number totals exactly; the CPU sum (doubles) to the last few bits. */
    private static void assertSame(WindowStats fast, WindowStats fresh, String where) {
        assertThat(fast.samples()).as(where).isEqualTo(fresh.samples());
        assertThat(fast.jobsCompleted()).as(where).isEqualTo(fresh.jobsCompleted());
        assertThat(fast.jobsFailed()).as(where).isEqualTo(fresh.jobsFailed());
        assertThat(fast.weightedJobMillis()).as(where).isEqualTo(fresh.weightedJobMillis());
        assertThat(fast.costMicros()).as(where).isEqualTo(fresh.costMicros());
        assertThat(fast.onDemandCostMicros()).as(where).isEqualTo(fresh.onDemandCostMicros());
        assertThat(fast.spotShareOfOnDemandMicros()).as(where).isEqualTo(fresh.spotShareOfOnDemandMicros());
        assertThat(fast.dataInconsistencies()).as(where).isEqualTo(fresh.dataInconsistencies());
        assertThat(fast.cpuPercentSum()).as(where).isCloseTo(fresh.cpuPercentSum(),
                within(1e-9 * Math.max(1.0, Math.abs(fresh.cpuPercentSum()))));
    }
}
