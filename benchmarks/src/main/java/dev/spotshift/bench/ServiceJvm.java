package dev.spotshift.bench;

import dev.spotshift.infra.ChildJvm;
import dev.spotshift.infra.SpotshiftHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * One service's Quarkus fast-jar ({@code <service>/target/quarkus-app/quarkus-run.jar}, the jar the demo and the e2e
 * stack run) in its own JVM, launched as a local-infra {@link ChildJvm} so it dies with this JVM. Its configuration
 * goes into {@code config/application.properties} of its working directory (Quarkus reads it over the jar's own),
 * which holds what a command line cannot: the simulated cloud's groups of 10,000 plans.
 * <p>
 * Unlike the demo's launcher (serial GC, C1 only: four services and a broker on two cores), the JVM runs with its
 * default flags and a fixed heap ceiling, as in production, so its CPU figures are those of the real compiler.
 * What the benchmark reads off it: the process's RSS and CPU time from {@code /proc/<pid>}, and the heap in use
 * and the service's own counters from its {@code /q/metrics}.
 */
final class ServiceJvm implements AutoCloseable {

    static final String MONITOR = "monitor-service";
    static final String EXECUTOR = "executor-service";
    /** Half of the services' 1 GiB memory limit in k8s/base (the other half: metaspace, RocksDB, threads). */
    static final String HEAP = "512m";
    private static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private final String name;
    private final String applicationId;
    private final ChildJvm jvm;
    private final int port;
    private final Path recording;
    private static final String RECORDING = "spotshift-bench";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServiceJvm(String name, String applicationId, ChildJvm jvm, int port, Path recording) {
        this.recording = recording;
        this.name = name;
        this.applicationId = applicationId;
        this.jvm = jvm;
        this.port = port;
    }

    /** The fast-jar of {@code service}, or a clear error when it is not built. */
    static Path runJar(String service) {
        Path jar = SpotshiftHome.locate().resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(service + " is not built: " + jar + " is missing (mvn -B -q install -DskipTests)");
        }
        return jar;
    }

    /** Starts {@code service} as Streams application {@code applicationId} against the run's broker and registry. */
    static ServiceJvm start(String service, String applicationId, Clients clients, Map<String, String> extra) {
        return start(service, applicationId, clients, extra, null);
    }

    /**
     * As {@link #start(String, String, Clients, Map)}, with a JFR recording of the whole JVM ("profile" settings)
     * dumped to {@code recording} when it is closed ({@code null}: none). The harness's own recording ({@code --profile})
     * cannot see a service in its own JVM, so each records itself; {@link Profile#summarize} reads either.
     */
    static ServiceJvm start(String service, String applicationId, Clients clients, Map<String, String> extra,
                            Path recording) {
        Path jar = runJar(service);
        try {
            Path work = Files.createTempDirectory("spotshift-bench-" + service + "-");
            int port = ChildJvm.freePort();
            Properties config = new Properties();
            config.put("kafka.bootstrap.servers", clients.bootstrap());
            config.put("mp.messaging.connector.smallrye-kafka.apicurio.registry.url", clients.registryUrl());
            clients.security().forEach((k, v) -> config.put("kafka." + k, v));
            config.put("quarkus.kafka-streams.application-id", applicationId);
            config.put("kafka-streams.state.dir", work.resolve("streams").toString());
            config.put("quarkus.http.host", "127.0.0.1");
            config.put("quarkus.http.port", Integer.toString(port));
            config.put("quarkus.kafka.devservices.enabled", "false");
            config.put("quarkus.apicurio-registry.devservices.enabled", "false");
            config.putAll(extra);
            Path configDir = Files.createDirectories(work.resolve("config"));
            try (Writer w = Files.newBufferedWriter(configDir.resolve("application.properties"))) {
                config.store(w, "written by the benchmark for " + applicationId);
            }
            List<String> flags = recording == null ? List.of("-Xmx" + HEAP) : List.of("-Xmx" + HEAP,
                    "-XX:StartFlightRecording=name=" + RECORDING + ",settings=profile");
            ChildJvm jvm = ChildJvm.launch(service, work, flags, List.of(jar.toString()),
                    ChildJvm.mainClassOf(jar), List.of(), work.resolve(service + ".log"));
            return new ServiceJvm(service, applicationId, jvm, port, recording);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + service + " from " + jar, e);
        }
    }

    /** Waits for {@code /q/health/ready} (Streams RUNNING, topics there); a clear error with its log's tail if not. */
    void awaitReady(Duration timeout) {
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready")).timeout(Duration.ofSeconds(5))
                .GET().build();
        boolean up = Waits.until(() -> {
            try {
                return http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false; // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }, timeout, 250);
        if (!up || !jvm.isAlive()) {
            throw new IllegalStateException(name + " not ready after " + timeout + (jvm.isAlive() ? "" : " (exited)")
                    + "; last lines of its log:\n" + ChildJvm.tail(jvm.logFile(), 20));
        }
    }

    /**
     * Whether its Streams client is RUNNING, as its readiness check reports the state: readiness itself is UP in
     * REBALANCING too, which includes restoring, so "RUNNING" is what says the state has been restored.
     */
    boolean streamsRunning() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && RUNNING.matcher(r.body()).find();
        } catch (IOException e) {
            return false; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static final java.util.regex.Pattern RUNNING = java.util.regex.Pattern.compile("\"state\"\\s*:\\s*\"RUNNING\"");

    /** SIGKILL, as a crash or an OOM kill: no shutdown hook, no LeaveGroup, an open transaction left to time out. */
    void kill() {
        jvm.kill();
    }

    boolean isAlive() {
        return jvm.isAlive();
    }

    String applicationId() {
        return applicationId;
    }

    long pid() {
        return jvm.pid();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Resident set size of the process (VmRSS), in bytes; -1 when it cannot be read. */
    long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** User + system CPU time of the whole process (every thread: streams, RocksDB, GC, JIT), in nanoseconds. */
    long cpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid() + "/stat"));
            // fields after the command name (which may hold spaces) start after the last ')'
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
            return ticks * 1_000_000_000L / CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The Prometheus text of {@code /q/metrics}; empty when it does not answer. */
    String metrics() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/q/metrics"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Heap in use as the JVM reports it ({@code jvm_memory_used_bytes{area="heap"}} summed over pools); -1 if none. */
    long heapUsedBytes() {
        double sum = sum(metrics(), "jvm_memory_used_bytes", "area=\"heap\"");
        return sum < 0 ? -1 : (long) sum;
    }

    /** Sum of every series of {@code metric} whose labels contain {@code labelPart}; -1 when there is none. */
    static double sum(String prometheusText, String metric, String labelPart) {
        double total = 0;
        boolean found = false;
        for (String line : prometheusText.split("\n")) {
            if (line.startsWith(metric + "{") || line.startsWith(metric + " ")) {
                if (labelPart.isEmpty() || line.contains(labelPart)) {
                    total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    found = true;
                }
            }
        }
        return found ? total : -1;
    }

    @Override
    public void close() {
        if (recording != null && jvm.isAlive()) {
            dumpRecording();
        }
        jvm.close();
    }

    /**
     * The recording taken out with {@code jcmd JFR.dump} while the service still runs: a dump on exit is lost when
     * its shutdown outlasts the stop's grace and ends in SIGKILL. A dump that fails leaves no file, which the
     * summary then says.
     */
    private void dumpRecording() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "JFR.dump", "name=" + RECORDING,
                    "filename=" + recording.toAbsolutePath()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            System.err.println(name + ": its JFR recording could not be dumped: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
