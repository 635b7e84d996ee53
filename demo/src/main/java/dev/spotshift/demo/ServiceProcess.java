package dev.spotshift.demo;

import dev.spotshift.infra.child.ParentWatchdog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * One Spotshift service (its Quarkus fast-jar) in its own JVM on a free loopback port, started
 * through local-infra's {@link ParentWatchdog} so it dies with this JVM even after a SIGKILL (the
 * watchdog sees the parent go, or its stdin pipe close), with its temp data, Kafka Streams state
 * and log in one directory that {@link #close()} deletes.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final String name;
    private final Process process;
    private final Path workDir;
    private final Path logFile;
    private final int port;
    private final OutputStream stdinPipe;
    private volatile boolean keepLogs;

    private ServiceProcess(String name, Process process, Path workDir, Path logFile, int port) {
        this.name = name;
        this.process = process;
        this.workDir = workDir;
        this.logFile = logFile;
        this.port = port;
        // Held open for the child's life: the watchdog in the child stops it when this pipe closes.
        this.stdinPipe = process.getOutputStream();
    }

    /** Starts {@code runJar} with the given Quarkus configuration (as -D system properties). */
    public static ServiceProcess start(String name, Path runJar, Map<String, String> config, String maxHeap) {
        try {
            Path workDir = Files.createTempDirectory("spotshift-" + name + "-");
            Path launcher = extractWatchdog(workDir.resolve("launcher-classes"));
            Path tmp = Files.createDirectories(workDir.resolve("tmp"));
            Path logFile = workDir.resolve(name + ".log");
            int port = freePort();
            List<String> cmd = new ArrayList<>();
            cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-Xmx" + maxHeap);
            // Small heaps and one GC thread: four services share two cores with the broker and registry.
            cmd.add("-XX:+UseSerialGC");
            cmd.add("-XX:TieredStopAtLevel=1");
            cmd.add("-Dspotshift.child=" + name);
            cmd.add("-D" + ParentWatchdog.DELETE_ON_ORPHAN + "=" + workDir);
            cmd.add("-Djava.io.tmpdir=" + tmp);
            cmd.add("-Dquarkus.http.host=127.0.0.1");
            cmd.add("-Dquarkus.http.port=" + port);
            cmd.add("-Dkafka-streams.state.dir=" + workDir.resolve("streams"));
            config.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
            cmd.add("-cp");
            cmd.add(launcher + java.io.File.pathSeparator + runJar);
            cmd.add(ParentWatchdog.class.getName());
            cmd.add(mainClassOf(runJar));
            Files.writeString(logFile, "# " + String.join(" ", cmd) + "\n", StandardCharsets.UTF_8);
            Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.PIPE).start();
            return new ServiceProcess(name, p, workDir, logFile, port);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + " from " + runJar, e);
        }
    }

    /**
     * Waits until {@code /q/health/ready} answers 200 (Kafka Streams services only once their
     * topology runs). False at the timeout or when the process died.
     */
    public boolean awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    public String name() { return name; }

    public String url() { return "http://127.0.0.1:" + port; }

    public long pid() { return process.pid(); }

    public boolean isAlive() { return process.isAlive(); }

    public Path logFile() { return logFile; }

    /** Keep the log (and the work dir) after close, so a failure can be read. */
    public void keepLogs() { keepLogs = true; }

    /** Kills the process as a crash would (kill -9), for the restart scenarios. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of the log, indented, for a failure message. */
    public String logTail(int lines) {
        try (RandomAccessFile raf = new RandomAccessFile(logFile.toFile(), "r")) {
            long len = raf.length();
            int n = (int) Math.min(len, 16 * 1024);
            byte[] buf = new byte[n];
            raf.seek(len - n);
            raf.readFully(buf);
            List<String> all = new String(buf, StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()).stream()
                    .map(l -> "      | " + l).toList());
        } catch (IOException e) {
            return "      (log not readable: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, then SIGKILL after a grace period; deletes the work dir unless logs are kept. Idempotent. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try {
            stdinPipe.close();
        } catch (IOException ignored) {
            // already closed
        }
        if (!keepLogs) {
            deleteTree(workDir);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(LOOPBACK, 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on the loopback interface", e);
        }
    }

    private static String mainClassOf(Path jar) throws IOException {
        try (JarFile f = new JarFile(jar.toFile())) {
            String main = f.getManifest() == null ? null : f.getManifest().getMainAttributes().getValue("Main-Class");
            if (main == null) {
                throw new IOException(jar + " has no Main-Class (not a Quarkus fast-jar?)");
            }
            return main;
        }
    }

    /** The watchdog class file, copied next to the service's class path (it has no dependencies). */
    private static Path extractWatchdog(Path dir) throws IOException {
        String resource = ParentWatchdog.class.getName().replace('.', '/') + ".class";
        Path target = dir.resolve(resource);
        Files.createDirectories(target.getParent());
        try (InputStream in = ParentWatchdog.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " not found on the class path");
            }
            Files.copy(in, target);
        }
        return dir;
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }
}
