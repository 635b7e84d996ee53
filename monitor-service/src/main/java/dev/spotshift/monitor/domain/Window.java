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

    private static List<Sample> select(Collection<Sample> candidates, java.util.function.Predicate<Sample> in) {
        return candidates.stream().filter(in).sorted(Comparator.comparingLong(Sample::atMillis)).toList();
    }
}
