package dev.spotshift.monitor.domain;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * A span of event time and the samples in it.
 *
 * <p>Why not Kafka Streams' windowed aggregations: hopping windows are aligned to the epoch, so a
 * "last minute" judged on a sample at 12:00:40 would be 12:00:00-12:01:00, not 11:59:40-12:00:40;
 * and sliding windows fix their size when the topology is built, while every plan brings its own
 * window lengths. So the monitor keeps each plan's recent samples in a store and asks this class
 * for the exact trailing window that ends at the sample being judged.
 */
public record Window(long startMillis, long endMillis, boolean startInclusive, List<Sample> samples) {

    /** The trailing window {@code (end - length, end]}: exactly {@code length} ms of event time. */
    public static Window trailing(Collection<Sample> candidates, long endMillis, long lengthMillis) {
        long start = endMillis - lengthMillis;
        if (start < Long.MAX_VALUE && candidates instanceof TimeOrdered ordered) {
            return new Window(start, endMillis, false, ordered.between(start + 1, endMillis));
        }
        if (start < Long.MAX_VALUE && sortedList(candidates)) {
            return new Window(start, endMillis, false, between((List<Sample>) candidates, start + 1, endMillis));
        }
        return new Window(start, endMillis, false, select(candidates, s -> s.atMillis() > start && s.atMillis() <= endMillis));
    }

    /** A gate's validation window {@code [start, end]}: a sample at gateDueAt still belongs to the step. */
    public static Window closed(Collection<Sample> candidates, long startMillis, long endMillis) {
        return new Window(startMillis, endMillis, true,
                select(candidates, s -> s.atMillis() >= startMillis && s.atMillis() <= endMillis));
    }

    /**
     * Whether the samples cover the whole window, so a "sustained over 15 minutes" rule is not
     * judged on the first two minutes of data: the earliest sample must reach back to the window's
     * start, and nothing before {@code watchedSinceMillis} (approval, last rollback) may be needed.
     */
    public boolean coveredSince(long watchedSinceMillis) {
        if (samples.isEmpty() || startMillis < watchedSinceMillis) {
            return false;
        }
        return samples.get(0).coveredFromMillis() <= startMillis;
    }

    public WindowStats stats() {
        return WindowStats.of(samples);
    }

    /**
     * The samples with {@code from <= atMillis <= to} of a list already in time order: the same samples in the
     * same order as filtering and a stable sort would give, found by binary search (the monitor's sample store
     * hands its windows over in time order, and this runs three times per sample).
     */
    private static List<Sample> between(List<Sample> sorted, long from, long to) {
        if (from > to) {
            return List.of();
        }
        int lo = firstAtOrAfter(sorted, from);
        int hi = to == Long.MAX_VALUE ? sorted.size() : firstAtOrAfter(sorted, to + 1);
        return List.copyOf(sorted.subList(lo, Math.max(lo, hi)));
    }

    private static int firstAtOrAfter(List<Sample> sorted, long atMillis) {
        int lo = 0;
        int hi = sorted.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted.get(mid).atMillis() < atMillis) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static boolean sortedList(Collection<Sample> candidates) {
        if (!(candidates instanceof List<Sample> list) || !(candidates instanceof java.util.RandomAccess)) {
            return false;
        }
        for (int i = 1; i < list.size(); i++) {
            if (list.get(i - 1).atMillis() > list.get(i).atMillis()) {
                return false;
            }
        }
        return true;
    }

    private static List<Sample> select(Collection<Sample> candidates, java.util.function.Predicate<Sample> in) {
        return candidates.stream().filter(in).sorted(Comparator.comparingLong(Sample::atMillis)).toList();
    }
}
