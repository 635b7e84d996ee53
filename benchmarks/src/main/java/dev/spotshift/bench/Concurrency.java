package dev.spotshift.bench;

import dev.spotshift.cloud.SpotShare;
import dev.spotshift.cloud.sim.SimulatedCloud;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.RolloutStepStarted;
import dev.spotshift.executor.domain.Settings;
import dev.spotshift.schemas.Topics;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;

/**
 * Benchmark 6: N plans in flight through the real monitor and executor (each from its fast-jar in its own JVM with
 * {@code --services jvm}, both topologies in this JVM with {@code --services inprocess}; a simulated cloud),
 * with this harness standing in for the workload simulator: one healthy sample per plan per second. Plans really
 * step: the executor shifts, the monitor judges each step's gate, the executor takes the next step.
 * Measured per N: each service's consumer lag over time, the step latency (gate due -> next step started) and
 * this JVM's heap. The analyzer and coordinator are not in the loop (approvals are injected).
 */
public final class Concurrency {

    static final String BENCH = "6 concurrent migrations";
    private static final long STEP_WINDOW_MILLIS = 5_000;
    /** Seconds of samples a level in fresh service JVMs gets before it is measured. */
    static final int WARM_UP_SECONDS = 15;

    private final Clients clients;
    /** Where each service JVM writes its JFR recording ({@code --profile}); {@code null}: not recorded. */
    private final Path recordings;

    Concurrency(Clients clients) {
        this(clients, null);
    }

    Concurrency(Clients clients, Path recordings) {
        this.clients = clients;
        this.recordings = recordings;
    }

    private Path recording(String service, int n, int every) {
        return recordings == null ? null : recordings.resolve("profile-" + service + "-n" + n + (every == 1 ? "" : "@" + every) + ".jfr");
    }

    List<Row> run(BenchConfig config) throws Exception {
        List<Row> rows = new ArrayList<>();
        boolean ownJvms = config.services().equals("jvm");
        int[] levels = config.concurrency();
        for (int i = 0; i < levels.length; i++) {
            int n = levels[i];
            int every = config.sampleEvery(i);
            // at a slower cadence the level runs long enough for every plan's first gate and next step
            int seconds = every == 1 ? config.concurrencySeconds() : Math.max(config.concurrencySeconds(), 3 * every);
            try {
                rows.addAll(ownJvms ? levelInJvms(n, every, seconds) : level(n, every, seconds));
            } catch (Exception e) {
                // one level that could not run (a service did not start, the broker did not answer) says so
                // in its own row; the other levels are still measured
                e.printStackTrace();
                rows.add(Row.notMeasured(bench(n, every), "-", "failed: " + e));
            }
        }
        if (!ownJvms) {
            rows.add(Row.notMeasured(BENCH, "heap / RSS per service",
                    "the monitor and the executor share this JVM (--services inprocess; heap in use is not attributable"
                            + " to a thread); per service CPU and allocation come from their threads, the JVM's heap is"
                            + " reported per level; --services jvm runs each in its own JVM"));
        }
        return rows;
    }

    static String bench(int n, int every) {
        return BENCH + " N=" + n + (every == 1 ? "" : " (1 sample/plan/" + every + " s)");
    }

    /** A gate window holding about five samples of a plan at 1 s, two at a slower cadence. */
    static long windowMillis(int every) {
        return every == 1 ? STEP_WINDOW_MILLIS : 2_000L * every;
    }

    /** One second's samples: every plan at 1 s; at {@code every} s, the plans whose index is this second's slot. */
    private static int sendSecond(Clients.EventProducer producer, List<String> plans, int second, int every) {
        int sent = 0;
        for (int i = second % every; i < plans.size(); i += every) {
            String planId = plans.get(i);
            producer.send(Topics.WORKLOAD_METRICS, planId, BenchEvents.healthy(planId, Instant.now(), 25));
            sent++;
        }
        return sent;
    }

    private static void awaitNextTick(long start, int s) {
        long wait = start + (s + 1) * 1_000_000_000L - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    private static boolean schemasPublished;

    /**
     * The deployment's schema-publishing step (the services' prod profile only looks schemas up), once per run for
     * every benchmark that runs the services' topologies or JVMs.
     */
    static void publishSchemas(String registryUrl) {
        synchronized (Concurrency.class) {
            if (schemasPublished) {
                return;
            }
            var schemas = dev.spotshift.schemas.SchemaPreregistration.publish(Topics.all(), registryUrl);
            if (!Waits.until(schemas::attempt, Duration.ofSeconds(60), 500)) {
                throw new IllegalStateException("schemas not published to " + registryUrl + ": " + schemas.detail());
            }
            schemasPublished = true;
        }
    }

    /**
     * The level with the monitor and the executor each in its own JVM, from their fast-jars: per service the heap
     * its JVM reports, its RSS and its whole process's CPU time (RocksDB, GC and JIT threads included).
     */
    private List<Row> levelInJvms(int n, int every, int seconds) throws Exception {
        String bench = bench(n, every);
        String prefix = "jconc" + n + "-" + Long.toString(System.nanoTime(), 36);
        List<String> plans = new ArrayList<>();
        StringBuilder groups = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String planId = String.format("%s-%05d", prefix, i);
            plans.add(planId);
            groups.append(i == 0 ? "" : ",").append(BenchEvents.REGION).append('/').append(BenchEvents.group(planId))
                    .append('/').append(String.join("+", BenchEvents.TYPES)).append("/2");
        }
        publishSchemas(clients.registryUrl());
        String monitorId = "bench-monitor-" + UUID.randomUUID();
        String executorId = "bench-executor-" + UUID.randomUUID();
        // from the inputs' ends, as in-process: not the history of earlier benchmarks
        Apps.commitEnds(clients, monitorId, MonitorIngest.INPUTS);
        Apps.commitEnds(clients, executorId, Apps.EXECUTOR_INPUTS);
        Map<String, String> executorConfig = Map.of(
                "spotshift.cloud.kind", "simulated",
                "spotshift.cloud.seed", "42",
                dev.spotshift.cloud.CloudFactory.SIM_GROUPS, groups.toString(),
                // as the in-process executor of this benchmark: timers resolved every 200 ms
                "spotshift.executor.tick", "200ms");
        List<Long> monitorLag = new ArrayList<>();
        List<Long> executorLag = new ArrayList<>();
        long[] heapMax = {-1, -1};
        long[] rssMax = {-1, -1};
        Map<String, List<Step>> steps = new ConcurrentHashMap<>();
        long sent = 0;
        double takenIn;
        long monitorCpu;
        long executorCpu;
        long wallNanos;
        long pidM;
        long pidE;
        try (ServiceJvm monitor = ServiceJvm.start(ServiceJvm.MONITOR, monitorId, clients, Map.of(),
                recording("monitor", n, every));
             ServiceJvm executor = ServiceJvm.start(ServiceJvm.EXECUTOR, executorId, clients, executorConfig,
                     recording("executor", n, every));
             Admin admin = clients.admin();
             Arrivals<RolloutEvent> started = new Arrivals<>(clients, Topics.ROLLOUT_EVENTS, e -> record(steps, e));
             Clients.EventProducer producer = clients.eventProducer()) {
            pidM = monitor.pid();
            pidE = executor.pid();
            monitor.awaitReady(Duration.ofSeconds(240));
            executor.awaitReady(Duration.ofSeconds(240));
            Lag mLag = new Lag(admin, monitorId, MonitorIngest.INPUTS);
            Lag eLag = new Lag(admin, executorId, Apps.EXECUTOR_INPUTS);
            Instant now = Instant.now();
            for (String planId : plans) {
                producer.send(Topics.MIGRATION_DECISIONS, planId,
                        BenchEvents.approved(planId, now, 0, windowMillis(every)));
            }
            producer.flush();
            // A fresh JVM compiles its hot paths in its first seconds: samples flow for a warm-up first, unmeasured,
            // so the level measures the services running, not starting (in-process, earlier benchmarks warmed them).
            long warmStart = System.nanoTime();
            for (int s = 0; s < WARM_UP_SECONDS; s++) {
                sendSecond(producer, plans, s, every);
                awaitNextTick(warmStart, s);
            }
            producer.flush();
            double takenBefore = monitorTakenIn(monitor);
            long m0 = monitor.cpuNanos();
            long e0 = executor.cpuNanos();
            long start = System.nanoTime();
            for (int s = 0; s < seconds; s++) {
                monitorLag.add(mLag.now());
                executorLag.add(eLag.now());
                sent += sendSecond(producer, plans, s + WARM_UP_SECONDS, every);
                ServiceJvm[] both = {monitor, executor};
                for (int j = 0; j < 2; j++) {
                    heapMax[j] = Math.max(heapMax[j], both[j].heapUsedBytes());
                    rssMax[j] = Math.max(rssMax[j], both[j].rssBytes());
                }
                awaitNextTick(start, s);
            }
            producer.flush();
            takenIn = monitorTakenIn(monitor) - takenBefore;
            monitorCpu = m0 < 0 ? -1 : monitor.cpuNanos() - m0;
            executorCpu = e0 < 0 ? -1 : executor.cpuNanos() - e0;
            wallNanos = System.nanoTime() - start;
        }
        List<Row> rows = new ArrayList<>(rows(bench, n, every, seconds, monitorLag, executorLag, null, steps,
                (long) Math.max(0, takenIn)));
        String jvm = "own JVM (fast-jar, -Xmx" + ServiceJvm.HEAP + ", JVM defaults otherwise; measured after "
                + WARM_UP_SECONDS + " s of warm-up)";
        rows.addAll(processRows(bench, "monitor", pidM, jvm, heapMax[0], rssMax[0], monitorCpu, (long) takenIn,
                wallNanos));
        rows.addAll(processRows(bench, "executor", pidE, jvm, heapMax[1], rssMax[1], executorCpu, sent, wallNanos));
        long stepped = steps.values().stream().filter(l -> !l.isEmpty()).count();
        rows.add(Row.measured(bench, "plans whose first step started", "plans", List.of((double) stepped),
                "RolloutStepStarted on rollout-events; monitor took in " + (long) takenIn + " of " + sent + " samples"));
        return rows;
    }

    /** Samples the monitor has taken in (judged, ignored or dead-lettered), from its own counters. */
    private static double monitorTakenIn(ServiceJvm monitor) {
        String text = monitor.metrics();
        return Math.max(0, ServiceJvm.sum(text, "spotshift_monitor_samples_judged_total", ""))
                + Math.max(0, ServiceJvm.sum(text, "spotshift_monitor_samples_ignored_total", ""))
                + Math.max(0, ServiceJvm.sum(text, "spotshift_monitor_dead_letters_total", ""));
    }

    static List<Row> processRows(String bench, String service, long pid, String jvm, long heapMax, long rssMax,
                                 long cpuNanos, long samples, long wallNanos) {
        String load = "machine load " + Machine.loadAverage();
        List<Row> rows = new ArrayList<>();
        rows.add(heapMax < 0 ? Row.notMeasured(bench, service + " heap used max", "its /q/metrics gave no"
                + " jvm_memory_used_bytes{area=\"heap\"}") : Row.measured(bench, service + " heap used max", "MiB",
                List.of(heapMax / 1048576.0), jvm + "; /q/metrics jvm_memory_used_bytes{area=\"heap\"} summed over"
                        + " pools, sampled each second, garbage not yet collected included"));
        rows.add(rssMax < 0 ? Row.notMeasured(bench, service + " RSS max", "/proc/" + pid + "/status unreadable")
                : Row.measured(bench, service + " RSS max", "MiB", List.of(rssMax / 1048576.0),
                jvm + "; VmRSS of /proc/" + pid + "/status, sampled each second"));
        if (cpuNanos < 0 || samples == 0 || wallNanos <= 0) {
            rows.add(Row.notMeasured(bench, service + " CPU per 1,000 samples", cpuNanos < 0
                    ? "/proc/" + pid + "/stat unreadable" : "no sample taken in"));
            return rows;
        }
        String how = "user+system CPU of its whole process (/proc/" + pid + "/stat: stream, RocksDB, GC, JIT threads); "
                + load;
        rows.add(Row.measured(bench, service + " CPU per 1,000 samples", "CPU s",
                List.of(cpuNanos / 1e9 / (samples / 1000.0)), how + "; " + samples + " samples"));
        rows.add(Row.measured(bench, service + " CPU share of one core", "cores",
                List.of(cpuNanos / (double) wallNanos), how));
        return rows;
    }

    private List<Row> level(int n, int every, int seconds) throws Exception {
        String bench = bench(n, every);
        String prefix = "conc" + n + "-" + Long.toString(System.nanoTime(), 36);
        SimulatedCloud cloud = new SimulatedCloud(42, Clock.systemUTC());
        List<String> plans = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String planId = String.format("%s-%05d", prefix, i);
            plans.add(planId);
            cloud.capacity().createGroup(BenchEvents.REGION, BenchEvents.group(planId), 0, 4, 2,
                    new SpotShare(0, 100, "capacity-optimized", BenchEvents.TYPES));
        }
        Settings settings = new Settings(30_000, 120_000, 1, 500);
        List<Long> monitorLag = new ArrayList<>();
        List<Long> executorLag = new ArrayList<>();
        List<Double> heapMiB = new ArrayList<>();
        Map<String, List<Step>> steps = new ConcurrentHashMap<>();
        long takenIn;
        long sent = 0;
        long[] monitorUse;
        long[] executorUse;
        long wallNanos;
        try (Apps.App monitor = Apps.monitor(clients, "latest");
             Apps.App executor = Apps.executor(clients, cloud, settings, Duration.ofMillis(200), "latest");
             Admin admin = clients.admin();
             Arrivals<RolloutEvent> started = new Arrivals<>(clients, Topics.ROLLOUT_EVENTS, e -> record(steps, e));
             Clients.EventProducer producer = clients.eventProducer()) {
            Apps.awaitRunning(monitor, Duration.ofSeconds(120));
            Apps.awaitRunning(executor, Duration.ofSeconds(120));
            Lag mLag = new Lag(admin, monitor.applicationId(), MonitorIngest.INPUTS);
            Lag eLag = new Lag(admin, executor.applicationId(), Apps.EXECUTOR_INPUTS);
            Instant now = Instant.now();
            for (String planId : plans) {
                producer.send(Topics.MIGRATION_DECISIONS, planId,
                        BenchEvents.approved(planId, now, 0, windowMillis(every)));
            }
            producer.flush();
            ServiceThreads monitorThreads = new ServiceThreads(t -> t.contains(monitor.applicationId()));
            ServiceThreads executorThreads = new ServiceThreads(t -> t.contains(executor.applicationId())
                    || t.startsWith("actuator-"));
            long start = System.nanoTime();
            for (int s = 0; s < seconds; s++) {
                // lag first: what is still unread of earlier seconds, not the batch this second is about to send
                monitorLag.add(mLag.now());
                executorLag.add(eLag.now());
                sent += sendSecond(producer, plans, s, every);
                heapMiB.add(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0);
                awaitNextTick(start, s);
            }
            takenIn = monitor.samplesTakenIn();
            monitorUse = monitorThreads.sinceStart();
            executorUse = executorThreads.sinceStart();
            wallNanos = System.nanoTime() - start;
        }
        long shifted = cloud.calls().stream().filter(c -> c.operation().equals(RollbackLatency.UPDATE))
                .map(c -> c.target()).distinct().count();
        List<Row> rows = new ArrayList<>(rows(bench, n, every, seconds, monitorLag, executorLag, heapMiB, steps,
                takenIn));
        rows.addAll(cpuRows(bench, "monitor", monitorUse, takenIn, wallNanos));
        rows.addAll(cpuRows(bench, "executor", executorUse, sent, wallNanos));
        rows.add(Row.measured(bench, "plans the executor shifted at least once", "plans",
                List.of((double) shifted), "monitor took in " + takenIn + " of " + sent + " samples"));
        return rows;
    }

    static List<Row> rows(String bench, int n, int every, int seconds, List<Long> monitorLag, List<Long> executorLag,
                          List<Double> heap, Map<String, List<Step>> steps, long monitorTookIn) {
        List<Double> stepLatency = stepLatencies(steps);
        long stepped = steps.values().stream().filter(l -> l.size() > 1).count();
        String load = (every == 1 ? n + " samples/s" : n + " plans, one sample each per " + every + " s (" + n / every
                + " samples/s)") + " for " + seconds + " s; lag sampled each second; machine load "
                + Machine.loadAverage();
        List<Row> rows = new ArrayList<>();
        if (monitorTookIn == 0) {
            // lag of an application that never consumed is only the backlog growing: not a figure of the monitor
            String why = "the monitor took in no sample in " + seconds + " s (not started or not consuming)";
            rows.add(Row.notMeasured(bench, "monitor lag max", why));
            rows.add(Row.notMeasured(bench, "monitor lag, 2nd half growth", why));
        } else {
            rows.add(lagMax(bench, "monitor lag max", monitorLag, load));
            rows.add(growth(bench, "monitor lag, 2nd half growth", monitorLag));
        }
        rows.add(lagMax(bench, "executor lag max", executorLag, load));
        rows.add(growth(bench, "executor lag, 2nd half growth", executorLag).noMoreThan(0));
        if (stepLatency.isEmpty()) {
            rows.add(Row.notMeasured(bench, "step latency", "no plan took a second step within " + seconds + " s"));
        } else {
            String note = stepLatency.size() + " steps of " + stepped + " plans; previous gate due -> next step started"
                    + " (includes the monitor's 1 s grace and 1 s gate check)";
            rows.add(Row.measured(bench, "step latency p50", "ms", List.of(Stats.percentile(stepLatency, 50)), note));
            rows.add(Row.measured(bench, "step latency p99", "ms", List.of(Stats.percentile(stepLatency, 99)), note));
        }
        if (heap == null) {
            return rows; // each service in its own JVM: its heap is a row of its own
        }
        rows.add(Row.measured(bench, "JVM heap used max (monitor+executor+harness)", "MiB",
                heap.isEmpty() ? List.of() : List.of(Stats.max(heap)),
                "sampled each second; one JVM (under exec:java also Maven's own heap), garbage not yet collected"
                        + " included; the broker and registry are separate processes"));
        return rows;
    }

    /** CPU seconds per 1,000 samples taken in, share of one core, allocation rate: from the service's threads. */
    static List<Row> cpuRows(String bench, String service, long[] use, long samples, long wallNanos) {
        String how = "ThreadMXBean per-thread CPU of the " + service + "'s threads (by name) in this shared JVM,"
                + " native RocksDB threads not included; machine load " + Machine.loadAverage();
        if (samples == 0 || wallNanos <= 0) {
            return List.of(Row.notMeasured(bench, service + " CPU per 1,000 samples", "no sample taken in"));
        }
        return List.of(
                Row.measured(bench, service + " CPU per 1,000 samples", "CPU s",
                        List.of(use[0] / 1e9 / (samples / 1000.0)), how + "; " + samples + " samples"),
                Row.measured(bench, service + " CPU share of one core", "cores",
                        List.of(use[0] / (double) wallNanos), how),
                Row.measured(bench, service + " allocation rate", "MiB/s",
                        List.of(use[1] / 1048576.0 / (wallNanos / 1e9)), "bytes allocated by its threads"));
    }

    record Step(int index, long startedAtMillis, long gateDueAtMillis) {}

    private static String record(Map<String, List<Step>> steps, RolloutEvent e) {
        if (e.getPayload() instanceof RolloutStepStarted s) {
            steps.computeIfAbsent(e.getEnvelope().getPlanId(), k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                    .add(new Step(s.getStepIndex(), e.getEnvelope().getOccurredAt().toEpochMilli(),
                            s.getGateDueAt().toEpochMilli()));
        }
        return null; // nothing keyed: the steps map is what this watcher fills
    }

    /** For each step after the first: its start minus the previous step's gate due time. */
    private static List<Double> stepLatencies(Map<String, List<Step>> steps) {
        List<Double> out = new ArrayList<>();
        for (List<Step> list : steps.values()) {
            List<Step> sorted = new ArrayList<>(list);
            sorted.sort(java.util.Comparator.comparingInt(Step::index));
            for (int i = 1; i < sorted.size(); i++) {
                if (sorted.get(i).index() == sorted.get(i - 1).index() + 1) {
                    out.add((double) (sorted.get(i).startedAtMillis() - sorted.get(i - 1).gateDueAtMillis()));
                }
            }
        }
        return out;
    }

    private static Row lagMax(String bench, String measure, List<Long> series, String note) {
        if (series.isEmpty()) {
            return Row.notMeasured(bench, measure, "no lag sample taken");
        }
        return Row.measured(bench, measure, "records",
                List.of((double) series.stream().mapToLong(Long::longValue).max().orElseThrow()), note);
    }

    /** Fewer than four lag samples leave under two in the second half: no slope to report, not a slope of 0. */
    static Row growth(String bench, String measure, List<Long> series) {
        if (series.size() < 4) {
            return Row.notMeasured(bench, measure, "only " + series.size()
                    + " lag sample(s), a slope needs at least 2 in the second half");
        }
        return Row.measured(bench, measure, "records/s", List.of(slope(series)),
                "lag series " + series + "; machine load " + Machine.loadAverage());
    }

    /** Least-squares slope of the second half of the series: about 0 when lag is flat, positive when it grows. */
    static double slope(List<Long> series) {
        List<Long> half = series.subList(series.size() / 2, series.size());
        int n = half.size();
        if (n < 2) {
            return Double.NaN;
        }
        double mx = (n - 1) / 2.0;
        double my = half.stream().mapToLong(Long::longValue).average().orElse(0);
        double num = 0;
        double den = 0;
        for (int i = 0; i < n; i++) {
            num += (i - mx) * (half.get(i) - my);
            den += (i - mx) * (i - mx);
        }
        // to a thousandth of a record per second: a flat series gives floating-point dust (1e-17), which is 0,
        // not a missed "<= 0" goal
        return Math.round(num / den * 1000) / 1000.0;
    }
}
