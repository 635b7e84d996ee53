package dev.spotshift.infra;

import dev.spotshift.infra.child.KafkaFormatAndServe;
import dev.spotshift.infra.child.ParentWatchdog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Launches a child JVM through {@link ParentWatchdog}, keeps track of every live child and its
 * temp directory, and stops and deletes them all from one JVM shutdown hook.
 */
public final class ChildJvm implements AutoCloseable {

    /** Classes copied next to every child's class path (each must be free of dependencies and nested classes). */
    private static final List<Class<?>> LAUNCHER_CLASSES = List.of(ParentWatchdog.class, KafkaFormatAndServe.class);

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Map<ChildJvm, Boolean> LIVE = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildJvm::stopAll, "spotshift-local-infra-shutdown"));
    }

    private final String name;
    private final Process process;
    private final Path workDir;
    private final Path logFile;
    private final OutputStream stdinPipe;
    private volatile boolean keepWorkDir;

    private ChildJvm(String name, Process process, Path workDir, Path logFile) {
        this.name = name;
        this.process = process;
        this.workDir = workDir;
        this.logFile = logFile;
        // Held open for the child's life: the watchdog in the child stops it when this pipe closes.
        this.stdinPipe = process.getOutputStream();
    }

    /**
     * Starts {@code java [jvmArgs] -cp <launcher classes>:<classpath> ParentWatchdog mainClass args},
     * output and errors appended to {@code logFile}.
     */
    public static ChildJvm launch(String name, Path workDir, List<String> jvmArgs, List<String> classpath,
                           String mainClass, List<String> args, Path logFile) {
        try {
            Path launcherDir = extractLauncherClasses(workDir.resolve("launcher-classes"));
            Path tmp = Files.createDirectories(workDir.resolve("tmp"));
            List<String> cp = new ArrayList<>();
            cp.add(launcherDir.toString());
            cp.addAll(classpath);
            // A long class path goes into an @argfile so that `ps` stays readable.
            Path argFile = workDir.resolve(name + ".jvm-args");
            Files.writeString(argFile, "-cp " + quote(String.join(java.io.File.pathSeparator, cp)) + "\n",
                    StandardCharsets.UTF_8);

            List<String> cmd = new ArrayList<>();
            cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-Dspotshift.child=" + name);
            cmd.add("-D" + ParentWatchdog.PARENT_PID + "=" + ProcessHandle.current().pid());
            cmd.add("-D" + ParentWatchdog.DELETE_ON_ORPHAN + "=" + workDir);
            cmd.add("-Djava.io.tmpdir=" + tmp);
            cmd.addAll(jvmArgs);
            cmd.add("@" + argFile);
            cmd.add(ParentWatchdog.class.getName());
            cmd.add(mainClass);
            cmd.addAll(args);

            Files.writeString(logFile, "# " + String.join(" ", cmd) + "\n", StandardCharsets.UTF_8);
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            ChildJvm child = new ChildJvm(name, pb.start(), workDir, logFile);
            LIVE.put(child, Boolean.TRUE);
            return child;
        } catch (IOException e) {
            throw new InfraStartException("Could not launch the " + name + " JVM (work dir " + workDir + "): " + e, e);
        }
    }

    private static Path extractLauncherClasses(Path dir) throws IOException {
        for (Class<?> c : LAUNCHER_CLASSES) {
            String resource = c.getName().replace('.', '/') + ".class";
            Path target = dir.resolve(resource);
            Files.createDirectories(target.getParent());
            try (InputStream in = c.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException("class file " + resource + " not found by " + c.getClassLoader());
                }
                Files.copy(in, target);
            }
        }
        return dir;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    public String name() { return name; }

    public Process process() { return process; }

    public long pid() { return process.pid(); }

    public boolean isAlive() { return process.isAlive(); }

    public Path workDir() { return workDir; }

    public Path logFile() { return logFile; }

    /** Keep the work dir (and its log) when stopping, e.g. after a failed start so the log can be read. */
    public void keepWorkDir() { keepWorkDir = true; }

    /** Kills the child as a crash would (SIGKILL: no shutdown hook runs); the work dir stays until {@link #close()}. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the child (SIGTERM, then SIGKILL after a short grace) and deletes its work dir. Idempotent. */
    @Override
    public void close() {
        if (LIVE.remove(this) == null && !process.isAlive()) {
            return;
        }
        stop(process);
        try {
            stdinPipe.close();
        } catch (IOException ignored) {
            // already closed
        }
        if (!keepWorkDir) {
            deleteTree(workDir);
        }
    }

    private static void stop(Process p) {
        if (!p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                // Gone before its standard input closes: a child still alive then takes the closed pipe for its
                // launcher's death and deletes the work dir, the log a failed start keeps included. A SIGKILL
                // cannot be refused; on a loaded machine it can take longer than a few seconds to be reaped.
                p.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Stops every live child in parallel and deletes their work dirs. */
    static void stopAll() {
        List<Thread> stoppers = new ArrayList<>();
        for (ChildJvm child : List.copyOf(LIVE.keySet())) {
            Thread t = new Thread(child::close, "spotshift-stop-" + child.name);
            t.start();
            stoppers.add(t);
        }
        for (Thread t : stoppers) {
            try {
                t.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    // ---- helpers shared by the process classes ----

    /** One readiness probe: null when the child is ready, else what it said (for the timeout message). */
    @FunctionalInterface
    interface ReadyProbe {
        String problem(long remainingMillis);
    }

    /**
     * Waits until {@code probe} finds the child ready. Fails at once when the child exits (a {@link PortClash}
     * when its log names a bind error, so the caller can retry on other ports), and at the deadline with the last
     * problem; both failures carry the log's tail. On any failure the child is stopped; its work dir is kept
     * (to read the log) unless the failure is a port clash.
     */
    void awaitReady(String what, String ports, long deadline, Duration timeout, List<String> bindErrors, ReadyProbe probe) {
        try {
            String problem = "no answer";
            while (true) {
                if (!process.isAlive()) {
                    int code = process.exitValue();
                    if (bindErrors.stream().anyMatch(marker -> logContains(logFile, marker))) {
                        throw new PortClash(what + " exited early (exit code " + code + "): " + ports
                                + " on 127.0.0.1 was taken by another process. Log: " + logFile);
                    }
                    throw new InfraStartException(what + " exited early (exit code " + code + ") before it was ready."
                            + " Log: " + logFile + "\n" + tail(logFile, 40));
                }
                long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMs <= 0) {
                    break;
                }
                problem = probe.problem(remainingMs);
                if (problem == null) {
                    return;
                }
                sleepQuietly(100);
            }
            throw new InfraStartException(what + " did not become ready within " + timeout.toSeconds() + " s ("
                    + problem + "). Log: " + logFile + "\n" + tail(logFile, 40));
        } catch (PortClash clash) {
            close();
            throw clash;
        } catch (RuntimeException e) {
            keepWorkDir();
            close();
            throw e;
        }
    }

    static final String START_TIMEOUT_PROPERTY = "spotshift.local-infra.start-timeout";

    /**
     * 180 s unless {@code -Dspotshift.local-infra.start-timeout=<seconds>} says otherwise: a broker that starts in 6 s
     * on a quiet machine took over 60 s at a load of 60 on two cores, and a slow start is not a failure worth a red
     * build (a child that exits fails at once, whatever the timeout).
     */
    static Duration defaultStartTimeout() {
        String s = System.getProperty(START_TIMEOUT_PROPERTY);
        if (s != null && !s.isBlank()) {
            try {
                return Duration.ofSeconds(Long.parseLong(s.trim()));
            } catch (NumberFormatException ignored) {
                // fall back to the default
            }
        }
        return Duration.ofSeconds(180);
    }

    public static void deleteTree(Path root) {
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

    /** A port on 127.0.0.1 that was free a moment ago. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            // As the broker binds (SO_REUSEADDR): connections of a stopped child left in TIME_WAIT
            // must not make its port look taken for a minute; a listening socket still does.
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(LOOPBACK, 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new InfraStartException("Could not find a free port on " + LOOPBACK.getHostAddress() + ": " + e, e);
        }
    }

    static boolean portIsFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            // As the broker binds (SO_REUSEADDR): connections of a stopped child left in TIME_WAIT
            // must not make its port look taken for a minute; a listening socket still does.
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean portAnswers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(LOOPBACK, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The last {@code maxLines} lines of a log file (reads at most the last 16 KiB). */
    public static String tail(Path file, int maxLines) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long len = raf.length();
            int n = (int) Math.min(len, 16 * 1024);
            byte[] buf = new byte[n];
            raf.seek(len - n);
            raf.readFully(buf);
            String[] lines = new String(buf, StandardCharsets.UTF_8).split("\r?\n");
            int from = Math.max(0, lines.length - maxLines);
            StringBuilder sb = new StringBuilder();
            for (int i = from; i < lines.length; i++) {
                sb.append("    | ").append(lines[i]).append('\n');
            }
            return sb.toString();
        } catch (IOException e) {
            return "    (log not readable: " + e + ")\n";
        }
    }

    static boolean logContains(Path file, String needle) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1).contains(needle);
        } catch (IOException e) {
            return false;
        }
    }

    static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfraStartException("Interrupted while waiting for local infrastructure to start", e);
        }
    }

    /** A fast-jar's Main-Class, read from its manifest: how a service's packaged jar is started as a child JVM. */
    public static String mainClassOf(Path jar) throws IOException {
        try (java.util.jar.JarFile f = new java.util.jar.JarFile(jar.toFile())) {
            String main = f.getManifest() == null ? null : f.getManifest().getMainAttributes().getValue("Main-Class");
            if (main == null) {
                throw new IOException(jar + " has no Main-Class (not a Quarkus fast-jar?)");
            }
            return main;
        }
    }
}
