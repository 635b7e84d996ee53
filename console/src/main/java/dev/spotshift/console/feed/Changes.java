package dev.spotshift.console.feed;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which plans changed, for the pages' live streams. Each subscriber gets the changes batched every
 * {@link #BATCH}: a plan's metrics arrive every second and a restart reads the whole history, so a browser gets at
 * most a few renders a second instead of one per event.
 */
@ApplicationScoped
public class Changes {

    static final Duration BATCH = Duration.ofMillis(500);
    private final BroadcastProcessor<String> changed = BroadcastProcessor.create();

    public void changed(String planId) {
        changed.onNext(planId);
    }

    /** The set of plans that changed in each batch; empty batches are not sent. */
    public Multi<Set<String>> batches() {
        return changed.group().intoLists().every(BATCH)
                .filter(l -> !l.isEmpty())
                .map(Changes::distinct);
    }

    private static Set<String> distinct(List<String> ids) {
        return new HashSet<>(ids);
    }
}
