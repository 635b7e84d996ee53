package dev.spotshift.console.domain;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The dead letters on the topic, by the consumer that gave up and the topic it gave up on. A total, not a rate: the
 * console reads the topic whole at every start and comes back to the same figures, so an alert on their growth
 * does not fire because the console restarted. A letter read twice (a re-sent record) counts once.
 */
public final class DeadLetterTally {

    /** Who gave up on what. */
    public record Source(String consumer, String sourceTopic) {}

    private final Set<String> seen = new HashSet<>();
    private final Map<Source, Long> counts = new TreeMap<>(java.util.Comparator.comparing(Source::consumer)
            .thenComparing(Source::sourceTopic));

    /** False when this letter (same consumer, same source record) was counted before. */
    public synchronized boolean add(String consumer, String sourceTopic, int partition, long offset) {
        String c = consumer == null ? "unknown" : consumer;
        String t = sourceTopic == null ? "unknown" : sourceTopic;
        if (!seen.add(c + "|" + t + "|" + partition + "|" + offset)) {
            return false;
        }
        counts.merge(new Source(c, t), 1L, Long::sum);
        return true;
    }

    public synchronized Map<Source, Long> counts() {
        return Map.copyOf(counts);
    }

    public synchronized long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
