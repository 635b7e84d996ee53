package dev.spotshift.monitor.domain;

import java.util.Arrays;
import java.util.Comparator;

/**
 * One plan's recent samples in window order, kept from sample to sample, with their running totals and, beside each
 * sample, a tag its owner keeps (the monitor's sample store: the chunk holding it). Samples mostly arrive in order and
 * leave from the oldest: an append writes one slot and one entry of totals, a prune moves the start; {@link #view()}
 * hands the rules the current samples without a copy, and a window's totals are two lookups.
 *
 * <p>A view never changes: appends write past its end, a prune only moves this series' start, and whatever would
 * rewrite a slot a view may hold (a sample out of order, a replacement, making room) builds new arrays instead.
 */
public final class SampleSeries {

    private static final int INITIAL = 16;

    private final Comparator<Sample> order;
    private Sample[] samples = new Sample[INITIAL];
    private Object[] tags = new Object[INITIAL];
    private TimeOrdered.Totals totals = new TimeOrdered.Totals(INITIAL);
    private int head;
    private int tail;

    /** {@code order} must order by {@link Sample#atMillis()} first (ties as it likes): windows are cut by time. */
    public SampleSeries(Comparator<Sample> order) {
        this.order = order;
    }

    public int size() {
        return tail - head;
    }

    public Sample get(int index) {
        return samples[head + index];
    }

    public Object tag(int index) {
        return tags[head + index];
    }

    /** The current samples in window order, fixed: later changes to this series do not show in it. */
    public TimeOrdered view() {
        return TimeOrdered.over(samples, totals, head, tail);
    }

    /** Whether a sample equal to {@code s} in window order is held; one comparison for a sample newer than all. */
    public boolean holds(Sample s) {
        return tail > head && order.compare(samples[tail - 1], s) >= 0 && indexOf(s) >= 0;
    }

    /**
     * Adds {@code s} in window order with its tag, or replaces the sample equal to it; returns the replaced sample's
     * tag, or {@code null} when {@code s} was added.
     */
    public Replaced put(Sample s, Object tag) {
        if (tail == head || order.compare(samples[tail - 1], s) < 0) {
            if (tail == samples.length) {
                rebuild(-1, null, null, false);
            }
            samples[tail] = s;
            tags[tail] = tag;
            totals.set(tail, s);
            tail++;
            return null;
        }
        int at = indexOf(s);
        if (at >= 0) {
            Replaced replaced = new Replaced(samples[head + at], tags[head + at]);
            rebuild(at, s, tag, true);
            return replaced;
        }
        rebuild(-at - 1, s, tag, false);
        return null;
    }

    /** A sample this series held until {@link #put} replaced it, and its tag. */
    public record Replaced(Sample sample, Object tag) {}

    /** How many samples are older than {@code cutoffMillis} (they are the first ones). */
    public int countBefore(long cutoffMillis) {
        if (tail == head || totals.atMillis[head] >= cutoffMillis) {
            return 0;
        }
        int lo = head;
        int hi = tail;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (totals.atMillis[mid] < cutoffMillis) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo - head;
    }

    /** Forgets the first {@code n} samples. */
    public void dropFirst(int n) {
        if (n < 0 || n > size()) {
            throw new IndexOutOfBoundsException(n + " of " + size());
        }
        head += n;
        // slots before head stay as they are: a view may still hold them; the next rebuild leaves them behind
    }

    private int indexOf(Sample s) {
        int lo = head;
        int hi = tail - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = order.compare(samples[mid], s);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid - head;
            }
        }
        return -(lo - head) - 1;
    }

    /**
     * New arrays holding the current samples from index 0, twice as many slots as samples (at least
     * {@link #INITIAL}), with {@code s} inserted at {@code at} (or replacing the sample there), and totals summed
     * again from the start, so they carry no rounding from samples long gone.
     */
    private void rebuild(int at, Sample s, Object tag, boolean replace) {
        int n = size() + (at >= 0 && !replace ? 1 : 0);
        int capacity = Math.max(INITIAL, 2 * n);
        Sample[] newSamples = new Sample[capacity];
        Object[] newTags = new Object[capacity];
        if (at < 0) {
            System.arraycopy(samples, head, newSamples, 0, size());
            System.arraycopy(tags, head, newTags, 0, size());
        } else {
            System.arraycopy(samples, head, newSamples, 0, at);
            System.arraycopy(tags, head, newTags, 0, at);
            newSamples[at] = s;
            newTags[at] = tag;
            int rest = replace ? at + 1 : at;
            System.arraycopy(samples, head + rest, newSamples, at + 1, size() - rest);
            System.arraycopy(tags, head + rest, newTags, at + 1, size() - rest);
        }
        TimeOrdered.Totals newTotals = new TimeOrdered.Totals(capacity);
        for (int i = 0; i < n; i++) {
            newTotals.set(i, newSamples[i]);
        }
        samples = newSamples;
        tags = newTags;
        totals = newTotals;
        head = 0;
        tail = n;
    }

    @Override
    public String toString() {
        return "SampleSeries" + Arrays.toString(Arrays.copyOfRange(samples, head, tail));
    }
}
