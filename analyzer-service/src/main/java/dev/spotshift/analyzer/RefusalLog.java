package dev.spotshift.analyzer;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which callers have been refused already, for one log line per caller and reason. Bounded: past
 * {@link #MAX_CALLERS} it forgets them all and starts over, so a flood of addresses costs memory once, and
 * still yields a line now and then rather than none.
 */
@ApplicationScoped
public class RefusalLog {

    static final int MAX_CALLERS = 10_000;

    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    /** True the first time this caller is refused for this reason. */
    public boolean first(String reason, String caller) {
        if (seen.size() >= MAX_CALLERS) {
            seen.clear();
        }
        return seen.add(reason + " " + caller);
    }
}
