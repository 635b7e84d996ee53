package dev.spotshift.executor.domain;

import java.time.Instant;
import java.util.List;

/**
 * The market's side of the plan's spot capacity: recent interruptions per pool for storm detection, the types a
 * storm took out, and the fallback to on-demand (storm or shortage) with the clock of its return.
 *
 * @param hits         interruption warnings within the storm window, as "type/az@epochMillis"
 * @param droppedTypes types a storm took out of the group's policy (the policy lists types, not pools)
 * @param fallbackAt   when the plan went on-demand because the market could not hold it; null when not fallen back
 * @param lastGoodStep the step whose gate had passed when the fallback came; the return re-runs it
 * @param healthySince the market has read healthy (inside the hysteresis band) since then; null otherwise
 */
public record MarketFallback(List<String> hits, List<String> droppedTypes, Instant fallbackAt, int lastGoodStep,
                             Instant healthySince) {

    /** No storm seen, nothing dropped, not fallen back. */
    public static final MarketFallback NONE = new MarketFallback(List.of(), List.of(), null, -1, null);

    public MarketFallback {
        hits = hits == null ? List.of() : List.copyOf(hits);
        droppedTypes = droppedTypes == null ? List.of() : List.copyOf(droppedTypes);
    }

    MarketFallback withHits(List<String> h, List<String> dropped) {
        return new MarketFallback(h, dropped, fallbackAt, lastGoodStep, healthySince);
    }

    MarketFallback fellBack(Instant at, int goodStep) {
        return new MarketFallback(hits, droppedTypes, at, goodStep, null);
    }

    MarketFallback healthy(Instant since) {
        return new MarketFallback(hits, droppedTypes, fallbackAt, lastGoodStep, since);
    }

    /** Back on spot: the storm window starts afresh, only the types still out stay dropped. */
    MarketFallback returned(List<String> stillDropped) {
        return new MarketFallback(List.of(), stillDropped, null, -1, null);
    }
}
