package dev.spotshift.notifier.domain;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Sends each notification to every sink that wants it, once per sink and event id. Deliveries run in lanes, one per
 * sink and plan: a plan's news reaches a sink in order, and a sink that is down (retried with {@link Backoff}, then
 * given up and reported) or slow holds back only its own lane, never another plan or another sink. Over a sink's
 * rate the send waits for its turn. Waits are scheduled, never slept.
 */
public final class Dispatcher {

    private record Lane(String sink, String planId) {}

    private final List<Sink> sinks;
    private final Map<String, RateLimit> limits = new ConcurrentHashMap<>();
    private final Map<Lane, CompletableFuture<Void>> lanes = new ConcurrentHashMap<>();
    private final SeenEvents seen;
    private final Backoff backoff;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final Consumer<Delivery> report;

    public Dispatcher(List<Sink> sinks, Backoff backoff, SeenEvents seen, ScheduledExecutorService timer, Clock clock,
                      Consumer<Delivery> report) {
        this.sinks = List.copyOf(sinks);
        this.backoff = backoff;
        this.seen = seen;
        this.timer = timer;
        this.clock = clock;
        this.report = report;
        sinks.forEach(s -> limits.put(s.spec().name(), new RateLimit(s.spec().perMinute(), clock.instant())));
    }

    /**
     * Hands {@code n} to the sinks that want it. The answer completes (never exceptionally) when every one of them
     * delivered it or gave up on it; only then may the record it came from be committed.
     */
    public CompletableFuture<Void> dispatch(Notification n, Optional<String> workload) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (Sink sink : sinks) {
            if (!sink.spec().wants(n, workload)) {
                continue;
            }
            if (!seen.firstTime(sink.spec().name() + "/" + n.eventId())) {
                report.accept(new Delivery.Duplicate(sink.spec().name(), n));
                continue;
            }
            all.add(enqueue(sink, n));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> enqueue(Sink sink, Notification n) {
        Lane lane = new Lane(sink.spec().name(), n.planId());
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<Void> previous = lanes.put(lane, done);
        Runnable start = () -> attempt(sink, n, 1, done);
        if (previous == null) {
            start.run();
        } else {
            previous.whenComplete((v, e) -> start.run());
        }
        done.whenComplete((v, e) -> lanes.remove(lane, done));
        return done;
    }

    private void attempt(Sink sink, Notification n, int attempt, CompletableFuture<Void> done) {
        Duration wait = limits.get(sink.spec().name()).reserve(clock.instant());
        if (!wait.isZero()) {
            report.accept(new Delivery.Deferred(sink.spec().name(), n, wait));
            later(wait, () -> send(sink, n, attempt, done));
        } else {
            send(sink, n, attempt, done);
        }
    }

    private void send(Sink sink, Notification n, int attempt, CompletableFuture<Void> done) {
        CompletableFuture<Void> sent;
        try {
            sent = sink.send(n);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((v, e) -> {
            if (e == null) {
                report.accept(new Delivery.Delivered(sink.spec().name(), n, attempt, clock.instant()));
                done.complete(null);
                return;
            }
            String error = describe(e);
            Duration next = backoff.after(attempt);
            if (next == null) {
                // forgotten, so the record re-driven from its dead letter is sent again
                seen.forget(sink.spec().name() + "/" + n.eventId());
                report.accept(new Delivery.GivenUp(sink.spec().name(), n, attempt, error));
                done.complete(null);
            } else {
                report.accept(new Delivery.Retrying(sink.spec().name(), n, attempt, error, next));
                later(next, () -> attempt(sink, n, attempt + 1, done));
            }
        });
    }

    private void later(Duration wait, Runnable what) {
        timer.schedule(what, wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static String describe(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        StringBuilder sb = new StringBuilder();
        for (; t != null; t = t.getCause() == t ? null : t.getCause()) {
            sb.append(sb.length() == 0 ? "" : " <- ").append(t.getClass().getSimpleName())
                    .append(t.getMessage() == null ? "" : ": " + t.getMessage());
        }
        return sb.toString();
    }
}
