package dev.spotshift.notifier.domain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The event ids already taken for delivery, the most recent {@code capacity} of them: a record the broker delivers
 * again (a rebalance, a restart before the commit) is not sent twice. Thread-safe.
 */
public final class SeenEvents {

    private final Map<String, Boolean> seen;

    public SeenEvents(int capacity) {
        this.seen = new LinkedHashMap<>(capacity, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True the first time {@code key} is offered, false on every later offer while it is remembered. */
    public synchronized boolean firstTime(String key) {
        return seen.putIfAbsent(key, Boolean.TRUE) == null;
    }

    /** Forgets {@code key}, so a delivery given up on can be taken again when its record comes again. */
    public synchronized void forget(String key) {
        seen.remove(key);
    }
}
