package dev.spotshift.monitor.domain;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.RandomAccess;

/**
 * A plan's samples in time order, fixed once made. Every sample is judged against three or four trailing windows of
 * the same samples; with this list {@link Window#trailing} finds each by binary search and hands out a view of it,
 * instead of checking the order and copying the window again for every rule (a fifth of the monitor's time per
 * sample in the benchmark's profile, 2026-12-07). It carries the running totals of its samples, so a window's
 * {@link WindowStats} is the difference of two entries rather than a pass over the window (WindowStats.of was the
 * largest self frame of the monitor's thread after the chunked store, 7.7 %).
 */
public final class TimeOrdered extends AbstractList<Sample> implements RandomAccess {

    private static final Comparator<Sample> BY_TIME = Comparator.comparingLong(Sample::atMillis);

    private final Sample[] samples;
    private final Totals totals;
    private final int from;
    private final int to;

    private TimeOrdered(Sample[] samples, Totals totals, int from, int to) {
        this.samples = samples;
        this.totals = totals;
        this.from = from;
        this.to = to;
    }

    /** The samples in time order; ties keep the order given, as a stable sort keeps them. */
    public static TimeOrdered of(Collection<Sample> samples) {
        if (samples instanceof TimeOrdered ordered) {
            return ordered;
        }
        Sample[] copy = samples.toArray(new Sample[0]);
        for (int i = 1; i < copy.length; i++) {
            if (copy[i - 1].atMillis() > copy[i].atMillis()) {
                Arrays.sort(copy, BY_TIME); // a merge sort on objects: stable
                break;
            }
        }
        Totals totals = new Totals(copy.length);
        for (int i = 0; i < copy.length; i++) {
            totals.set(i, copy[i]);
        }
        return new TimeOrdered(copy, totals, 0, copy.length);
    }

    /**
     * A view of {@code samples[from, to)}, already in time order, with their running totals: the caller
     * ({@link SampleSeries}) never changes those entries again.
     */
    static TimeOrdered over(Sample[] samples, Totals totals, int from, int to) {
        return new TimeOrdered(samples, totals, from, to);
    }

    @Override
    public Sample get(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException(index);
        }
        return samples[from + index];
    }

    @Override
    public int size() {
        return to - from;
    }

    /** A view sharing this list's samples: nothing can change them. */
    @Override
    public List<Sample> subList(int fromIndex, int toIndex) {
        if (fromIndex < 0 || toIndex > size() || fromIndex > toIndex) {
            throw new IndexOutOfBoundsException("[" + fromIndex + ", " + toIndex + ") of " + size());
        }
        return new TimeOrdered(samples, totals, from + fromIndex, from + toIndex);
    }

    /** The totals of these samples: two lookups, whatever the length. */
    WindowStats stats() {
        return totals.between(from, to);
    }

    /** The samples with {@code fromMillis <= atMillis <= toMillis}, in time order. */
    List<Sample> between(long fromMillis, long toMillis) {
        if (fromMillis > toMillis) {
            return List.of();
        }
        int lo = firstAtOrAfter(fromMillis);
        int hi = toMillis == Long.MAX_VALUE ? size() : firstAtOrAfter(toMillis + 1);
        return subList(lo, Math.max(lo, hi));
    }

    private int firstAtOrAfter(long atMillis) {
        int lo = 0;
        int hi = size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (totals.atMillis[from + mid] < atMillis) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Running totals beside a sample array: entry {@code i} holds the totals of samples {@code [0, i)}, so those of
     * {@code [lo, hi)} are entry hi minus entry lo. Whole numbers, so the difference is exact; the spot share is summed
     * as on-demand micros times the spot percentage (exact too) and divided by 100 once, as {@link WindowStats#of}
     * does. Only the CPU percentages are doubles: their window sum may differ from a fresh sum in the last bits.
     */
    static final class Totals {
        /** Not a total: sample i's time, beside the samples so a binary search does not visit each sample it passes. */
        long[] atMillis;
        long[] completed;
        long[] failed;
        long[] weighted;
        long[] cost;
        long[] onDemand;
        long[] spotShareTimes100;
        long[] inconsistencies;
        double[] cpu;

        Totals(int capacity) {
            atMillis = new long[capacity + 1];
            completed = new long[capacity + 1];
            failed = new long[capacity + 1];
            weighted = new long[capacity + 1];
            cost = new long[capacity + 1];
            onDemand = new long[capacity + 1];
            spotShareTimes100 = new long[capacity + 1];
            inconsistencies = new long[capacity + 1];
            cpu = new double[capacity + 1];
        }

        /** Entry {@code i + 1} from entry {@code i} and sample {@code i}. */
        void set(int i, Sample s) {
            atMillis[i] = s.atMillis();
            completed[i + 1] = completed[i] + s.jobsCompleted();
            failed[i + 1] = failed[i] + s.jobsFailed();
            weighted[i + 1] = weighted[i] + s.meanJobMillis() * (long) s.jobsCompleted();
            cost[i + 1] = cost[i] + s.costMicros();
            onDemand[i + 1] = onDemand[i] + s.onDemandCostMicros();
            spotShareTimes100[i + 1] = spotShareTimes100[i] + s.onDemandCostMicros() * (long) s.spotPercent();
            inconsistencies[i + 1] = inconsistencies[i] + s.dataInconsistencies();
            cpu[i + 1] = cpu[i] + s.cpuPercent();
        }

        WindowStats between(int lo, int hi) {
            return new WindowStats(hi - lo, completed[hi] - completed[lo], failed[hi] - failed[lo],
                    weighted[hi] - weighted[lo], hi == lo ? 0.0 : cpu[hi] - cpu[lo], cost[hi] - cost[lo],
                    onDemand[hi] - onDemand[lo], (spotShareTimes100[hi] - spotShareTimes100[lo]) / 100.0,
                    inconsistencies[hi] - inconsistencies[lo]);
        }
    }
}
