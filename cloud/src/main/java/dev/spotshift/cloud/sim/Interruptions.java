package dev.spotshift.cloud.sim;

import dev.spotshift.cloud.EventBridgeNotices;
import dev.spotshift.cloud.InterruptionNotice;
import dev.spotshift.cloud.NoticeKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Decides when simulated spot instances get their two-minute warning and puts the EventBridge JSON on the
 * simulated queue. Three causes: scripted actions, storms on a pool, and background interruptions at the
 * pool's advisor rate, drawn per (instance, hour) from the seed so the same seed interrupts the same instances.
 */
final class Interruptions {

    static final String ACCOUNT = "000000000000";
    /** A clock jump longer than this does not replay background interruptions hour by hour. */
    private static final long MAX_HOURS_PER_TICK = 24L * 366;

    record Scheduled(Instant at, Consumer<Instant> action) {
    }

    private final long seed;
    private final SimulatedMarket market;
    private final Injections injections;
    private final SimulatedNotices notices;
    private final List<Scheduled> scheduled = new ArrayList<>();
    private Instant lastTick;
    /** Instances warned (scripted, storm or background) and perhaps not yet terminated; the fleet prunes it. */
    private final List<SimInstance> warned = new ArrayList<>();

    Interruptions(long seed, SimulatedMarket market, Injections injections, SimulatedNotices notices, Instant start) {
        this.seed = seed;
        this.market = market;
        this.injections = injections;
        this.notices = notices;
        this.lastTick = start;
    }

    /** Runs {@code action} with its scripted time once the clock reaches it. Guarded by the fleet's lock. */
    void schedule(Instant at, Consumer<Instant> action) {
        scheduled.add(new Scheduled(at, action));
        scheduled.sort(Comparator.comparing(Scheduled::at));
    }

    void advance(Instant now, java.util.function.Supplier<List<SimInstance>> activeSpot) {
        while (!scheduled.isEmpty() && !scheduled.get(0).at().isAfter(now)) {
            Scheduled next = scheduled.remove(0);
            next.action().accept(next.at());
        }
        // Every capacity call ticks: look at each spot instance only when a warning can be due. A background one
        // falls on an hour this tick enters (none while the clock stays within lastTick's hour); a storm's, while
        // one is on.
        boolean hourTurned = Math.floorDiv(now.getEpochSecond(), 3600) > Math.floorDiv(lastTick.getEpochSecond(), 3600);
        if (!hourTurned && !injections.anyStormAt(now)) {
            if (now.isAfter(lastTick)) {
                lastTick = now;
            }
            return;
        }
        for (SimInstance i : activeSpot.get()) {
            if (i.warnedAt != null || !i.active()) {
                continue;
            }
            injections.stormCovering(i.region, i.type, i.zone, now).ifPresentOrElse(
                    storm -> warn(i, latest(storm.from(), i.launchedAt)),
                    () -> backgroundInterruption(i, now));
        }
        if (now.isAfter(lastTick)) {
            lastTick = now;
        }
    }

    private void backgroundInterruption(SimInstance i, Instant now) {
        double hourly = market.monthlyInterruptionPercent(i.region, i.type) / 100.0 / SimulatedMarket.HOURS_PER_MONTH;
        long firstHour = Math.floorDiv(latest(lastTick, i.launchedAt).getEpochSecond(), 3600) + 1;
        long lastHour = Math.floorDiv(now.getEpochSecond(), 3600);
        for (long h = Math.max(firstHour, lastHour - MAX_HOURS_PER_TICK); h <= lastHour; h++) {
            if (Hashing.unit(seed, "interrupt", i.id, h) < hourly) {
                warn(i, Instant.ofEpochSecond(h * 3600));
                return;
            }
        }
    }

    void warn(SimInstance i, Instant at) {
        i.warnedAt = at;
        warned.add(i);
        send(i, NoticeKind.INTERRUPTION_WARNING, at);
    }

    void recommendRebalance(SimInstance i, Instant at) {
        send(i, NoticeKind.REBALANCE_RECOMMENDATION, at);
    }

    /** The instances warned so far and not yet seen terminated (the fleet removes those it terminates). */
    List<SimInstance> warned() {
        return warned;
    }

    /** After the world was reloaded: the warned instances are those of {@code all} that carry a warning. */
    void rememberWarned(java.util.Collection<SimInstance> all) {
        warned.clear();
        all.stream().filter(i -> i.warnedAt != null && i.active()).forEach(warned::add);
    }

    Instant deadline(SimInstance i) {
        return i.warnedAt.plus(EventBridgeNotices.NOTICE_PERIOD);
    }

    private void send(SimInstance i, NoticeKind kind, Instant at) {
        UUID eventId = new UUID(Hashing.hash(seed, "event", i.id, kind, at), Hashing.hash(seed, "event2", i.id, kind, at));
        Instant deadline = kind == NoticeKind.INTERRUPTION_WARNING ? at.plus(EventBridgeNotices.NOTICE_PERIOD) : null;
        String action = kind == NoticeKind.INTERRUPTION_WARNING ? "terminate" : null;
        notices.send(EventBridgeNotices.toJson(
                new InterruptionNotice(eventId.toString(), i.id, kind, i.region, at, deadline, action), ACCOUNT));
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
