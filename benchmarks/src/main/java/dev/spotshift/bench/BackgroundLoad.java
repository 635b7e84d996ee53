package dev.spotshift.bench;

import dev.spotshift.cloud.SpotShare;
import dev.spotshift.cloud.sim.SimulatedCloud;
import dev.spotshift.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.stream.IntStream;
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
    private long startedNanos;
    private Thread thread;

    BackgroundLoad(Clients clients, int perSecond, String prefix, int plans) {
        this.clients = clients;
        this.perSecond = perSecond;
        this.prefix = prefix;
        this.plans = Math.max(1, plans);
    }

    /** {@code plans} live plans, each sending one sample per second: the fleet the reaction times are under. */
    static BackgroundLoad livePlans(Clients clients, int plans, String prefix) {
        return new BackgroundLoad(clients, plans, prefix, plans);
    }

    /**
     * Gives the load's plans groups in the simulated cloud before {@link #start()}, so the executor takes them live
     * (pre-flight passes, step 0 sets 25 % spot) and judges their samples as a running migration's, not an unknown
     * plan's.
     */
    BackgroundLoad inCloud(SimulatedCloud cloud) {
        createGroups(cloud, prefix, plans);
        return this;
    }

    static void createGroups(SimulatedCloud cloud, String prefix, int plans) {
        for (int i = 0; i < plans; i++) {
            cloud.capacity().createGroup(BenchEvents.REGION, BenchEvents.group(planId(prefix, i)), 0, 4, 2,
                    new SpotShare(0, 100, "capacity-optimized", BenchEvents.TYPES));
        }
    }

    /** How many of the load's plans are in their first step (25 % spot) once all are or {@code limit} has passed. */
    long awaitFirstStep(SimulatedCloud cloud, Duration limit) {
        if (perSecond <= 0) {
            // --background 0: no samples, so no plan would pass its pre-flight; nothing to wait for
            return 0;
        }
        Waits.until(() -> inFirstStep(cloud) == plans, limit, 200);
        return inFirstStep(cloud);
    }

    private long inFirstStep(SimulatedCloud cloud) {
        return IntStream.range(0, plans).filter(i -> RollbackLatency.spotPercent(cloud, planId(i)) == 25).count();
    }

    /** For a row's note: the plans, their cadence and the rate really sent so far (a loaded machine may send less). */
    String describe() {
        if (perSecond <= 0) {
            return "no background load (--background 0)";
        }
        double seconds = Math.max(1, System.nanoTime() - startedNanos) / 1e9;
        return String.format(Locale.ROOT, "background %d other live plans, one sample per plan per second (--background):"
                + " %d samples/s asked, %.0f sent", plans, perSecond, sent.get() / seconds);
    }

    /** {@link #describe()} with how many of the plans were live on the executor ({@link #awaitFirstStep}). */
    String describeOnExecutor(long live) {
        return describe() + (perSecond <= 0 ? "" : ", " + live + " of them in their first step on the executor before"
                + " the trials");
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
        startedNanos = System.nanoTime();
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
