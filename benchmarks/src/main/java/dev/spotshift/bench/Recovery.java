package dev.spotshift.bench;

import dev.spotshift.cloud.sim.SimulatedCloud;
import dev.spotshift.executor.domain.Settings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import org.apache.kafka.clients.admin.Admin;

/**
 * Benchmark 9: how long a service is blind after losing its instance, with N live plans' samples flowing (one per
 * plan per second). With {@code --services jvm} (the full run) the monitor and the executor each run from their
 * fast-jars in their own JVMs and are SIGKILLed: replacement, rebalance and standby replicas 0 versus 1, see
 * {@link KillRecovery}. With {@code --services inprocess} (the smoke run) the monitor's topology runs in this JVM:
 * <ul>
 *   <li><b>replaced instance</b>: the running instance is stopped and a new one with the same application id and
 *   an <em>empty</em> state directory (a fresh node) is started; measured from its start to RUNNING (its state
 *   restored from the changelogs) and to caught up (lag under one second of input, N records).
 *   In this JVM the old instance is closed, not SIGKILLed, so the group's session timeout a real kill adds
 *   (10 s in the services' settings) is not included.</li>
 *   <li><b>rebalance</b>: a second instance with the same application id joins; from its start until it owns active
 *   tasks with both RUNNING (the rebalance has happened, not merely been asked for), and until the lag is under N
 *   again.</li>
 * </ul>
 */
public final class Recovery {

    static final String BENCH = "9 recovery";
    private static final Duration LIMIT = Duration.ofMinutes(5);
    private static final Duration MOVE_LIMIT = Duration.ofMinutes(2);

    private final Clients clients;

    Recovery(Clients clients) {
        this.clients = clients;
    }

    /** The whole sequence once per repeat (its steps build on each other), merged to min/median/max per row. */
    List<Row> run(BenchConfig config) throws Exception {
        List<List<Row>> repeats = new ArrayList<>();
        for (int i = 0; i < config.repeats(); i++) {
            System.out.println("[bench] " + BENCH + " repeat " + (i + 1) + " of " + config.repeats() + " (load "
                    + Machine.loadAverage() + ")");
            repeats.add(once(config));
        }
        return Repeats.merge(repeats);
    }

    private List<Row> once(BenchConfig config) throws Exception {
        int n = config.recoveryPlans();
        int warmSeconds = Math.max(5, config.concurrencySeconds() / 2);
        List<Row> rows = new ArrayList<>();
        if (config.services().equals("jvm")) {
            return killed(n, warmSeconds);
        }
        // in this JVM (the smoke run's mode): instances closed, not killed; the kill rows need the services' fast-jars
        String why = "--services inprocess: the kill rows run each service's fast-jar in its own JVM (minutes at N;"
                + " --services jvm, the full run's default)";
        for (String service : List.of("monitor", "executor")) {
            rows.add(Row.notMeasured(BENCH + " " + service + " N=" + n, "SIGKILL -> replacement / survivor caught up",
                    why));
        }
        rows.addAll(service(n, warmSeconds, "monitor", (id, reset) -> Apps.monitor(clients, reset, id),
                MonitorIngest.INPUTS));
        if (config.mode().equals("smoke")) {
            // the smoke run proves the harness on one service: the executor's case is the same code, CI's time is not
            rows.add(Row.notMeasured(BENCH + " executor N=" + n, "-", "smoke run: recovery measured for the monitor only"));
            return rows;
        }
        SimulatedCloud cloud = new SimulatedCloud(42, Clock.systemUTC());
        String prefix = "recovery-exec-" + Long.toString(System.nanoTime(), 36);
        BackgroundLoad.createGroups(cloud, prefix, n);
        Settings settings = new Settings(3_600_000, 3_600_000, 1, 500);
        rows.addAll(service(n, warmSeconds, "executor",
                (id, reset) -> Apps.executor(clients, cloud, settings, Duration.ofMillis(200), reset, id),
                Apps.EXECUTOR_INPUTS, prefix));
        return rows;
    }

    /** The kill rows: each service from its fast-jar in its own JVM, SIGKILLed ({@link KillRecovery}). */
    private List<Row> killed(int n, int warmSeconds) {
        KillRecovery kill = new KillRecovery(clients);
        List<Row> rows = new ArrayList<>();
        String id = Long.toString(System.nanoTime(), 36);
        String monitorPrefix = "kill-monitor-" + id;
        String executorPrefix = "kill-exec-" + id;
        StringBuilder groups = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String planId = BackgroundLoad.planId(executorPrefix, i);
            groups.append(i == 0 ? "" : ",").append(BenchEvents.REGION).append('/').append(BenchEvents.group(planId))
                    .append('/').append(String.join("+", BenchEvents.TYPES)).append("/2");
        }
        Map<String, String> executorConfig = Map.of(
                "spotshift.cloud.kind", "simulated",
                "spotshift.cloud.seed", "42",
                dev.spotshift.cloud.CloudFactory.SIM_GROUPS, groups.toString(),
                // as benchmark 6's executor: timers resolved every 200 ms
                "spotshift.executor.tick", "200ms");
        record Target(String name, String service, List<String> inputs, String prefix, Map<String, String> extra) {}
        for (Target t : List.of(new Target("monitor", ServiceJvm.MONITOR, MonitorIngest.INPUTS, monitorPrefix, Map.of()),
                new Target("executor", ServiceJvm.EXECUTOR, Apps.EXECUTOR_INPUTS, executorPrefix, executorConfig))) {
            String bench = BENCH + " " + t.name() + " N=" + n;
            try {
                rows.addAll(kill.run(bench, t.service(), t.inputs(), n, warmSeconds, t.prefix(), t.extra()));
            } catch (Exception e) {
                // one service that could not be measured says so; the other is still measured
                e.printStackTrace();
                rows.add(Row.notMeasured(bench, "-", "failed: " + e));
            }
        }
        return rows;
    }

    private List<Row> service(int n, int warmSeconds, String name, BiFunction<String, String, Apps.App> start,
                              List<String> inputs) throws Exception {
        return service(n, warmSeconds, name, start, inputs, "recovery-" + name + "-" + Long.toString(System.nanoTime(), 36));
    }

    private List<Row> service(int n, int warmSeconds, String name, BiFunction<String, String, Apps.App> start,
                              List<String> inputs, String prefix) throws Exception {
        String bench = BENCH + " " + name + " N=" + n;
        String applicationId = "bench-" + name + "-recovery-" + UUID.randomUUID();
        List<Row> rows = new ArrayList<>();
        // the first instance from the inputs' ends (not the history of earlier benchmarks); the next ones resume
        // from the group's committed offsets, as a restarted or added instance does
        Apps.App first = start.apply(applicationId, "latest");
        Apps.App second = null;
        Apps.App third = null;
        try (Admin admin = clients.admin();
             BackgroundLoad load = new BackgroundLoad(clients, n, prefix, n).start()) {
            Apps.awaitRunning(first, Duration.ofSeconds(120));
            Lag lag = new Lag(admin, applicationId, inputs);
            // state to restore: the plans' memory and samples built up over the warm-up
            Waits.pause(warmSeconds * 1000L);
            if (!Waits.until(() -> lagBelow(lag, n), LIMIT, 200)) {
                return List.of(Row.notMeasured(bench, "-", "the first instance never caught up (lag under " + n
                        + ") within " + LIMIT));
            }
            String note = n + " live plans, " + n + " samples/s flowing; " + warmSeconds + " s of state; machine load "
                    + Machine.loadAverage();

            first.close();
            long t0 = System.nanoTime();
            second = start.apply(applicationId, "earliest");
            Apps.App replaced = second;
            double running = awaitRunning(replaced, t0);
            boolean caught = Waits.until(() -> lagBelow(lag, n), LIMIT, 100);
            rows.add(running < 0 ? Row.notMeasured(bench, "replaced instance: start -> RUNNING (state restored)",
                    "not RUNNING within " + LIMIT) : Row.measured(bench,
                    "replaced instance: start -> RUNNING (state restored)", "s", List.of(running),
                    note + "; empty state dir; closed, not killed: add the session timeout (10 s) for a SIGKILL"));
            rows.add(caught ? Row.measured(bench, "replaced instance: start -> caught up (lag < " + n + ")", "s",
                    List.of(RawKafka.seconds(t0)), note) : Row.notMeasured(bench,
                    "replaced instance: start -> caught up (lag < " + n + ")",
                    "lag not under " + n + " within " + LIMIT));

            long t1 = System.nanoTime();
            third = start.apply(applicationId, "earliest");
            Apps.App joined = third;
            // Timed to the joiner owning active tasks, not just to both being RUNNING: the running instance stays
            // RUNNING until the group rebalances, and a joiner RUNNING with no task has taken nothing over yet.
            boolean[] rebalanced = {false};
            boolean moved = Waits.until(() -> {
                rebalanced[0] |= replaced.streams().state() == org.apache.kafka.streams.KafkaStreams.State.REBALANCING;
                return isRunning(replaced) && isRunning(joined) && ownsActiveTasks(joined);
            }, MOVE_LIMIT, 20);
            double movedAt = RawKafka.seconds(t1);
            boolean caughtAgain = moved && Waits.until(() -> lagBelow(lag, n), LIMIT, 100);
            String seen = "; the running instance went through REBALANCING: " + (rebalanced[0] ? "seen" : "not seen"
                    + " (polled every 20 ms)");
            rows.add(moved ? Row.measured(bench, "rebalance (2nd instance joins): -> tasks moved, both RUNNING", "s",
                    List.of(movedAt), note + seen) : Row.notMeasured(bench,
                    "rebalance (2nd instance joins): -> tasks moved, both RUNNING",
                    "the joining instance owned no active task within " + MOVE_LIMIT + " (the assignor may keep"
                            + " stateful tasks on the caught-up instance until its warm-up replicas catch up)" + seen));
            rows.add(caughtAgain ? Row.measured(bench, "rebalance (2nd instance joins): -> caught up (lag < " + n + ")",
                    "s", List.of(RawKafka.seconds(t1)), note) : Row.notMeasured(bench,
                    "rebalance (2nd instance joins): -> caught up (lag < " + n + ")",
                    "lag not under " + n + " within " + LIMIT + (moved ? "" : " (no task moved)")));
            rows.add(Row.notMeasured(bench, "standby replicas' effect", "measured with --services jvm (the kill rows)"));
            return rows;
        } finally {
            for (Apps.App app : new Apps.App[] {second, third}) {
                if (app != null) {
                    app.close();
                }
            }
            if (first.streams().state().isRunningOrRebalancing()) {
                first.close();
            }
        }
    }

    private static boolean ownsActiveTasks(Apps.App app) {
        try {
            return app.streams().metadataForLocalThreads().stream().anyMatch(t -> !t.activeTasks().isEmpty());
        } catch (RuntimeException e) {
            return false; // not started or closing
        }
    }

    private static boolean isRunning(Apps.App app) {
        return app.streams().state() == org.apache.kafka.streams.KafkaStreams.State.RUNNING;
    }

    /** Seconds from t0 to RUNNING, or -1 when it did not get there (or went to ERROR). */
    private static double awaitRunning(Apps.App app, long t0) {
        boolean ok = Waits.until(() -> isRunning(app)
                || app.streams().state() == org.apache.kafka.streams.KafkaStreams.State.ERROR, LIMIT, 20);
        return ok && isRunning(app) ? RawKafka.seconds(t0) : -1;
    }

    private static boolean lagBelow(Lag lag, long limit) {
        try {
            return lag.now() < limit;
        } catch (Exception e) {
            return false;
        }
    }
}
