package dev.spotshift.executor.streams;

import dev.spotshift.events.EventEnvelope;
import dev.spotshift.events.OperatorCommand;
import dev.spotshift.events.Reason;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.RolloutPaused;
import dev.spotshift.events.RolloutResumed;
import dev.spotshift.executor.domain.RolloutState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Plans the executor stopped handling because the domain threw for them (a bug, or a state it cannot read): the
 * reason is kept per plan (store {@code executor-quarantine}, logged), the plan's timers are skipped and its inputs
 * kept as dead letters, and {@code RolloutPaused{QUARANTINED: why}} says so. An operator's RETRY lifts it and the
 * plan is handled again; ABORT still stops it and rolls it back (and lifts it, so the rollback can finish). The code
 * is the monitor's own: its status fold carries the reason into {@code migration-status}, the monitor holds its
 * judging of the plan as for its own quarantine, and one RETRY lifts both.
 */
final class Quarantines {

    /** The reason code of a quarantined plan's pause. */
    static final String QUARANTINED = "QUARANTINED";

    private final String producer;
    private KeyValueStore<String, String> store;
    /**
     * The store's quarantined plans, asked about on every record: read whole once after {@link #init} (few, if any)
     * instead of a store lookup per record; every write below goes to both.
     */
    private Map<String, String> held;

    Quarantines(String producer) {
        this.producer = producer;
    }

    /** {@code store} null: a processor without one (a test): nothing is quarantined, as before. */
    void init(KeyValueStore<String, String> store) {
        this.store = store;
        this.held = null;
    }

    boolean enabled() {
        return store != null;
    }

    /** Why the plan is quarantined, or empty when it is handled. */
    Optional<String> why(String planId) {
        return store == null ? Optional.empty() : Optional.ofNullable(held().get(planId));
    }

    /** Quarantines the plan and says so, caused by what was being handled ({@code causeId}). */
    RolloutEvent quarantine(String planId, RolloutState state, String why, String causeId, String traceparent,
                            Instant now) {
        store.put(planId, why);
        held().put(planId, why);
        // a plan quarantined again after a RETRY (still broken) says so again, under an id of its own
        return event(planId, state, "/quarantined/" + causeId + "/" + now.toEpochMilli(), causeId, traceparent, now,
                new RolloutPaused(Reason.newBuilder().setCode(QUARANTINED).setMessage(why).setLocation(null).build(),
                        null));
    }

    /** Lifts the quarantine on the operator's RETRY and says so; the plan's timers and inputs are handled again. */
    RolloutEvent lift(String planId, RolloutState state, OperatorCommand retry, String was, Instant now) {
        store.delete(planId);
        held().remove(planId);
        EventEnvelope e = retry.getEnvelope();
        return event(planId, state, "/retried/" + e.getEventId(), e.getEventId(), e.getTraceparent(), now,
                new RolloutResumed("operator " + retry.getOperator() + ": RETRY, quarantine lifted (was: " + was
                        + ")"));
    }

    /** An operator's ABORT went through: the plan is handled again so that its rollback can finish. */
    void forget(String planId) {
        if (store != null) {
            store.delete(planId);
            held().remove(planId);
        }
    }

    private Map<String, String> held() {
        if (held == null) {
            Map<String, String> all = new HashMap<>();
            try (KeyValueIterator<String, String> it = store.all()) {
                it.forEachRemaining(kv -> all.put(kv.key, kv.value));
            }
            held = all;
        }
        return held;
    }

    private RolloutEvent event(String planId, RolloutState state, String what, String causeId, String traceparent,
                               Instant now, Object payload) {
        String id = UUID.nameUUIDFromBytes((planId + what).getBytes(StandardCharsets.UTF_8)).toString();
        return OutboundMapping.about(state, OutboundMapping.envelope(id, planId, now, producer, causeId, traceparent),
                payload);
    }
}
