package dev.spotshift.analyzer.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The REST intake's idempotency keys: which planIds a key named and what it asked for. A key is only
 * <em>recorded</em> once its submissions are acknowledged by the broker; until then it is
 * <em>pending</em>, so a second request with the key is told to retry rather than told "done" about
 * plans that may never reach the log.
 */
public final class IdempotencyKeys {

    public sealed interface Claim {
        /** Nobody used the key: the caller publishes, then {@link #recorded} or {@link #release}s it. */
        record Fresh() implements Claim {}
        /** The same request was recorded before: answer with its planIds, publish nothing. */
        record Repeat(List<String> planIds) implements Claim {}
        /** The key named other plans. */
        record Conflict(List<String> planIds) implements Claim {}
        /** A request with this key is being published right now: retry shortly. */
        record Pending(List<String> planIds) implements Claim {}
    }

    private record Entry(List<String> planIds, SortedMap<String, String> plans) {}

    private final Map<String, Entry> recorded = new HashMap<>();
    private final Map<String, Entry> pending = new HashMap<>();

    /** Claims a key for plans given as workload name -> the plan's canonical text. */
    public synchronized Claim claim(String key, List<String> planIds, SortedMap<String, String> plans) {
        Entry done = recorded.get(key);
        if (done != null) {
            return fingerprint(done.plans()).equals(fingerprint(plans)) ? new Claim.Repeat(done.planIds()) : new Claim.Conflict(done.planIds());
        }
        Entry inFlight = pending.get(key);
        if (inFlight != null) {
            return fingerprint(inFlight.plans()).equals(fingerprint(plans)) ? new Claim.Pending(inFlight.planIds()) : new Claim.Conflict(inFlight.planIds());
        }
        pending.put(key, new Entry(List.copyOf(planIds), new TreeMap<>(plans)));
        return new Claim.Fresh();
    }

    /** The key's submissions are on the log: from now on the key answers {@link Claim.Repeat}. */
    public synchronized void recorded(String key) {
        Entry e = pending.remove(key);
        if (e != null) {
            recorded.put(key, e);
        }
    }

    /** The key's submissions could not be published (or were refused): the client may retry with it. */
    public synchronized void release(String key) {
        pending.remove(key);
    }

    /** A submission read back from the log: it was published, so its key is recorded. */
    public synchronized void replayed(String key, String planId, String workloadName, String planText) {
        Entry e = recorded.computeIfAbsent(key, k -> new Entry(List.of(), new TreeMap<>()));
        List<String> ids = e.planIds().contains(planId) ? e.planIds() : Stream.concat(e.planIds().stream(), Stream.of(planId)).toList();
        SortedMap<String, String> plans = new TreeMap<>(e.plans());
        plans.put(workloadName, planText);
        recorded.put(key, new Entry(ids, plans));
    }

    public synchronized int size() {
        return recorded.size();
    }

    private static String fingerprint(SortedMap<String, String> plans) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            plans.forEach((k, v) -> d.update((k + "\n" + v + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
