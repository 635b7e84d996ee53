package dev.spotshift.bench;

import dev.spotshift.schemas.Topics;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Other plans' healthy samples at a steady rate while a latency is measured: the breach competes with ordinary
 * traffic on the same partitions, as it would in production. Plans are approved first so their samples are
 * judged (the monitor's real per-sample work), not ignored.
 */
public final class BackgroundLoad implements AutoCloseable {

    private final Clients clients;
    private final int perSecond;
    private final String prefix;
    private final int plans;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong sent = new AtomicLong();
    private Thread thread;

    BackgroundLoad(Clients clients, int perSecond, String prefix, int plans) {
        this.clients = clients;
        this.perSecond = perSecond;
        this.prefix = prefix;
        this.plans = Math.max(1, plans);
    }

    BackgroundLoad start() {
        try (Clients.EventProducer p = clients.eventProducer()) {
            for (int i = 0; i < plans; i++) {
                p.send(Topics.MIGRATION_DECISIONS, planId(i),
                        BenchEvents.approved(planId(i), Instant.now(), 3_600_000, 3_600_000));
            }
            p.flush();
        }
        if (perSecond <= 0) {
            return this;
        }
        thread = new Thread(this::loop, "bench-background-load");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void loop() {
        long periodNanos = 1_000_000_000L / perSecond;
        long next = System.nanoTime();
        try (Clients.EventProducer p = clients.eventProducer()) {
            long k = 0;
            while (running.get()) {
                String planId = planId((int) (k % plans));
                // each plan's samples move forward in time, one per round of all plans
                p.send(Topics.WORKLOAD_METRICS, planId, BenchEvents.healthy(planId, Instant.now(), 25));
                sent.incrementAndGet();
                k++;
                next += periodNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        }
    }

    long sent() {
        return sent.get();
    }

    private String planId(int i) {
        return planId(prefix, i);
    }

    /** The id of plan {@code i} of a load with {@code prefix}: what an executor's simulated groups are named after. */
    static String planId(String prefix, int i) {
        return String.format("%s-bg-%05d", prefix, i);
    }

    @Override
    public void close() {
        running.set(false);
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
