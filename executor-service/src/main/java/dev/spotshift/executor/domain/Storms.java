package dev.spotshift.executor.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Interruption storms (seed: interruption rate under 5 %): warnings are counted per pool (type x AZ) over a window;
 * a pool whose rate passes the plan's {@code maxInterruptionRatePercent} stops being used. The group's policy
 * lists instance types, not pools, so a stormy pool takes its type out. When no type is left the plan goes to 0 %
 * (a PHASE rollback: on-demand entirely, the plan kept so it can return to spot) and holds until
 * {@link Recovery} finds the market healthy for the hold-down period.
 */
final class Storms {

    private Storms() {}

    static void record(Tx tx, Input.InterruptionWarned w) {
        PriceReturn.onWarning(tx);
        if (tx.s.spot.fallbackAt() != null) {
            return; // already on-demand for a storm: the recovery clock decides what comes next
        }
        Instant at = w.noticeAt() == null ? tx.now : w.noticeAt();
        List<String> hits = recent(tx, tx.s.spot.hits());
        hits.add(pool(w.instanceType(), w.availabilityZone()) + "@" + at.toEpochMilli());
        List<String> dropped = new ArrayList<>(tx.s.spot.droppedTypes());
        List<String> newlyBad = new ArrayList<>();
        for (Map.Entry<String, Integer> e : countByPool(hits).entrySet()) {
            String type = e.getKey().substring(0, e.getKey().indexOf('/'));
            if (stormy(tx, e.getValue()) && !dropped.contains(type) && tx.plan().instanceTypes().contains(type)) {
                dropped.add(type);
                newlyBad.add(e.getKey() + " (" + e.getValue() + " warnings)");
            }
        }
        tx.stormWindowRead(hits, dropped);
        if (newlyBad.isEmpty()) {
            return;
        }
        String reason = "interruption storm in " + String.join(", ", newlyBad) + " within "
                + tx.settings.spot().stormWindowMillis() + " ms, over the plan's "
                + tx.plan().spotRules().maxInterruptionRatePercent() + " %";
        if (dropped.containsAll(tx.plan().instanceTypes())) {
            tx.fellBackToOnDemand();
            Rollbacks.stormFallback(tx, "every pool of the plan storms: " + reason, w.eventId());
            tx.schedule(Timer.Kind.MARKET_CHECK, tx.now.plusMillis(tx.settings.spot().marketCheckMillis()),
                    w.eventId(), -1);
            if (Failovers.possible(tx)) {
                Failovers.begin(tx, "every pool of " + tx.plan().region() + " storms", tx.s.lastEventId);
            }
        } else if (tx.s.spotPercent > 0) {
            tx.setSpotShare(tx.s.spotPercent); // same share, the stormy types out of the policy
        }
    }

    /** Interruptions over the spot instances the plan runs at most (at least one warning's worth: a rate needs a base). */
    private static boolean stormy(Tx tx, int warnings) {
        double exposure = Math.max(1, tx.plan().targetCapacity());
        return warnings >= tx.settings.spot().stormMinWarnings()
                && 100.0 * warnings / Math.max(exposure, warnings) > tx.plan().spotRules().maxInterruptionRatePercent();
    }

    static List<String> recent(Tx tx, List<String> hits) {
        long since = tx.now.toEpochMilli() - tx.settings.spot().stormWindowMillis();
        List<String> kept = new ArrayList<>();
        for (String h : hits) {
            if (Long.parseLong(h.substring(h.lastIndexOf('@') + 1)) > since) {
                kept.add(h);
            }
        }
        return kept;
    }

    /** Whether any pool is still over the rate within the window (the market has not recovered while it is). */
    static boolean anyStormy(Tx tx) {
        return countByPool(recent(tx, tx.s.spot.hits())).values().stream().anyMatch(n -> stormy(tx, n));
    }

    private static Map<String, Integer> countByPool(List<String> hits) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        hits.forEach(h -> counts.merge(h.substring(0, h.lastIndexOf('@')), 1, Integer::sum));
        return counts;
    }

    private static String pool(String type, String zone) {
        return (type == null ? "unknown-type" : type) + "/" + (zone == null ? "unknown-az" : zone);
    }
}
