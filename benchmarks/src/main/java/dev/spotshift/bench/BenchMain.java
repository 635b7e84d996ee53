package dev.spotshift.bench;

import dev.spotshift.infra.LocalInfra;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts the local broker and registry (or uses KAFKA_BOOTSTRAP_SERVERS / APICURIO_REGISTRY_URL), runs every
 * benchmark in order, prints the table and writes it as text, JSON and CSV.
 *
 * <pre>
 *   mvn -B -q install -DskipTests &amp;&amp; mvn -B -pl benchmarks exec:java [-Dexec.args="--smoke --out DIR --repeats 3 ..."]
 * </pre>
 * Options: {@code --smoke} (tiny sizes, seconds), {@code --strict} (exit non-zero when any row is "not measured"),
 * {@code --profile} (a JFR recording of the run and its per-service summary, see {@link Profile}),
 * {@code --out DIR}, and any field of {@link BenchConfig} as
 * {@code --raw-records N}, {@code --ingest-samples N}, {@code --trials N}, {@code --background N},
 * {@code --concurrency 100,1000,10000@60} ({@code @S}: a plan's sample every S s), {@code --concurrency-seconds N},
 * {@code --services jvm|inprocess} (benchmark 6: each service in its own JVM from its fast-jar, or both in this JVM),
 * {@code --audit-events N}, {@code --repeats N}, {@code --only 1,2,3}.
 * Benchmark 9 alone at 1,000 plans: {@code --only 9 --concurrency 1000} (recovery runs at the largest level sampled
 * each second; its warm-up is half of {@code --concurrency-seconds}).
 */
public final class BenchMain {

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        // INFO, as the deployed services log: the log manager unconfigured reports TRACE as enabled, and Kafka then
        // formats (and drops) a trace message per record in the measured apps and the raw baseline alike.
        org.jboss.logmanager.LogContext.getLogContext().getLogger("").setLevel(java.util.logging.Level.INFO);
        boolean strict = List.of(args).contains("--strict");
        BenchConfig config = parse(args);
        boolean profile = List.of(args).contains("--profile");
        Report report;
        if (profile) {
            // a service's recording left by an earlier run in the same directory is not this run's
            java.nio.file.Files.createDirectories(config.out());
            try (var old = java.nio.file.Files.list(config.out())) {
                for (Path jfr : old.filter(BenchMain::serviceRecording).toList()) {
                    java.nio.file.Files.delete(jfr);
                }
            }
        }
        Profile recording = profile ? Profile.start(config.out().resolve("profile.jfr")) : null;
        try (LocalInfra infra = LocalInfra.start()) {
            // As a deployment does before its services start: the measured apps run on the production profile, where
            // serdes only look their schemas up (auto-register off)
            Concurrency.publishSchemas(infra.registryUrl());
            report = run(config, new Clients(infra.bootstrapServers(), infra.registryUrl()),
                    infra.kind() + " " + infra.bootstrapServers(), profile ? config.out() : null);
        } finally {
            if (recording != null) {
                recording.close();
            }
        }
        if (recording != null) {
            StringBuilder summary = new StringBuilder("load average at the end: " + Machine.loadAverage() + "\n"
                    + Profile.summarize(recording.file(), 20));
            // the services the concurrency benchmark ran in their own JVMs, one recording each
            try (var own = java.nio.file.Files.list(config.out())) {
                for (Path jfr : own.filter(BenchMain::serviceRecording).sorted().toList()) {
                    try {
                        summary.append("\n\n").append(Profile.summarize(jfr, 20));
                    } catch (java.io.IOException | RuntimeException e) {
                        summary.append("\n\n").append(jfr.getFileName()).append(": not summarised: ").append(e);
                    }
                }
            }
            java.nio.file.Files.writeString(config.out().resolve("profile-summary.txt"), summary);
            System.out.println(summary);
            System.out.println("profile: " + recording.file().toAbsolutePath() + " and profile-summary.txt beside it");
        }
        System.out.println(report.table());
        report.write(config.out());
        System.out.println("written: " + config.out().toAbsolutePath() + "/bench-results.{txt,json,csv}");
        report.notMeasured().forEach(r -> System.out.println("NOT MEASURED " + r.bench() + " / " + r.measure()
                + ": " + r.note()));
        int status = report.exitCode(strict);
        if (status != 0) {
            System.out.println("--strict: " + report.notMeasured().size() + " row(s) not measured, exit " + status);
        }
        // Streams and client threads are closed; exit so a stray non-daemon thread cannot hold exec:java open
        System.exit(status);
    }

    static BenchConfig parse(String[] args) {
        List<String> list = List.of(args);
        Path out = defaultOut();
        BenchConfig config = list.contains("--smoke") ? BenchConfig.smoke(out) : BenchConfig.full(out);
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--smoke") || args[i].equals("--strict") || args[i].equals("--profile")) {
                continue;
            }
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            config = config.with(args[i].substring(2), args[++i]);
        }
        return config;
    }

    private static boolean serviceRecording(Path file) {
        return file.getFileName().toString().matches("profile-.+\\.jfr");
    }

    private static Path defaultOut() {
        String home = System.getProperty("spotshift.home");
        return home != null && !home.isBlank() ? Path.of(home, "benchmarks", "target", "bench")
                : Path.of("target", "bench");
    }

    /** Every benchmark in order; one that fails yields a "not measured" row with its error and the rest still run. */
    public static Report run(BenchConfig config, Clients clients, String kafka) {
        return run(config, clients, kafka, null);
    }

    /**
     * As {@link #run(BenchConfig, Clients, String)}; with {@code recordings} set ({@code --profile}), each service the
     * concurrency benchmark starts in its own JVM records itself there ({@code profile-<service>-n<N>.jfr}).
     */
    public static Report run(BenchConfig config, Clients clients, String kafka, Path recordings) {
        RegistryTransport.install();
        Map<String, String> machine = Machine.describe(kafka);
        List<Row> rows = new ArrayList<>();
        RawKafka raw = new RawKafka(clients);
        MonitorIngest ingest = new MonitorIngest(clients, raw);
        step(rows, config, 1, "1 raw kafka", () -> raw.run(config));
        step(rows, config, 2, MonitorIngest.BENCH, () -> ingest.run(config));
        step(rows, config, 10, SerdeCost.BENCH, () -> new SerdeCost(clients).run(config));
        Apps.App warm = ingest.takeWarmMonitor();
        if (config.runs(3)) {
            step(rows, config, 3, BreachLatency.BENCH, () -> {
                // --only 3: a monitor of its own, from the inputs' ends, warmed only by the trial plans' first samples
                try (Apps.App monitor = warm != null ? warm : Apps.monitor(clients, "latest")) {
                    Apps.awaitRunning(monitor, java.time.Duration.ofSeconds(120));
                    return new BreachLatency(clients).run(config, monitor, warm != null ? "the monitor benchmark 2"
                            + " warmed" : "a monitor started for this benchmark (benchmark 2 did not run)");
                }
            });
        } else if (warm != null) {
            warm.close();
        }
        step(rows, config, 4, RollbackLatency.BENCH, () -> new RollbackLatency(clients).run(config));
        step(rows, config, 5, Interruption.BENCH, () -> new Interruption(clients).run(config));
        step(rows, config, 7, AuditReplay.BENCH, () -> new AuditReplay(clients).run(config));
        if (config.concurrency().length > 0) {
            step(rows, config, 6, Concurrency.BENCH, () -> new Concurrency(clients, recordings).run(config));
        } else if (config.runs(6)) {
            rows.add(Row.notMeasured(Concurrency.BENCH, "-", "skipped (--concurrency empty)"));
        }
        if (config.concurrency().length > 0) {
            step(rows, config, 9, Recovery.BENCH, () -> new Recovery(clients).run(config));
        } else if (config.runs(9)) {
            rows.add(Row.notMeasured(Recovery.BENCH, "-", "skipped (--concurrency empty: no N to recover at)"));
        }
        boolean smoke = config.mode().equals("smoke");
        step(rows, config, 8, dev.spotshift.bench.jmh.JmhRows.BENCH,
                () -> dev.spotshift.bench.jmh.JmhRows.run(smoke ? 1 : config.repeats(), smoke ? 200 : 1_000));
        machine.put("load average after", Machine.loadAverage());
        return new Report(machine, config.mode(), rows);
    }

    interface Bench {
        List<Row> run() throws Exception;
    }

    private static void step(List<Row> rows, BenchConfig config, int number, String name, Bench bench) {
        if (!config.runs(number)) {
            return;
        }
        System.out.println("[bench] " + name + " ... (load " + Machine.loadAverage() + ")");
        long t0 = System.nanoTime();
        try {
            rows.addAll(bench.run());
        } catch (Exception | Error e) {
            e.printStackTrace();
            rows.add(Row.notMeasured(name, "-", "failed: " + e));
        }
        System.out.printf("[bench] %s done in %.1f s%n", name, (System.nanoTime() - t0) / 1e9);
    }
}
