package dev.spotshift.demo;

import dev.spotshift.infra.ChildJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One Spotshift service (its Quarkus fast-jar) in its own JVM on a free loopback port, launched as a
 * local-infra {@link ChildJvm} so it dies with this JVM even after a SIGKILL, with its temp data,
 * Kafka Streams state and log in one directory that {@link #close()} deletes.
 */
public final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final ChildJvm jvm;
    private final int port;

    private ServiceProcess(String name, ChildJvm jvm, int port) {
        this.name = name;
        this.jvm = jvm;
        this.port = port;
    }

    /** Starts {@code runJar} with the given Quarkus configuration (as -D system properties). */
    public static ServiceProcess start(String name, Path runJar, Map<String, String> config, String maxHeap) {
        try {
            Path workDir = Files.createTempDirectory("spotshift-" + name + "-");
            int port = ChildJvm.freePort();
            List<String> jvmArgs = new ArrayList<>();
            jvmArgs.add("-Xmx" + maxHeap);
            // Small heaps and one GC thread: four services share two cores with the broker and registry.
            jvmArgs.add("-XX:+UseSerialGC");
            jvmArgs.add("-XX:TieredStopAtLevel=1");
            jvmArgs.add("-Dquarkus.http.host=127.0.0.1");
            jvmArgs.add("-Dquarkus.http.port=" + port);
            jvmArgs.add("-Dkafka-streams.state.dir=" + workDir.resolve("streams"));
            config.forEach((k, v) -> jvmArgs.add("-D" + k + "=" + v));
            ChildJvm jvm = ChildJvm.launch(name, workDir, jvmArgs, List.of(runJar.toString()),
                    ChildJvm.mainClassOf(runJar), List.of(), workDir.resolve(name + ".log"));
            return new ServiceProcess(name, jvm, port);
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
        while (System.nanoTime() < deadline && jvm.isAlive()) {
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

    public long pid() { return jvm.pid(); }

    public boolean isAlive() { return jvm.isAlive(); }

    public Path logFile() { return jvm.logFile(); }

    /** Keep the log (and the work dir) after close, so a failure can be read. */
    public void keepLogs() { jvm.keepWorkDir(); }

    /** Kills the process as a crash would (kill -9), for the restart scenarios. */
    public void kill() { jvm.kill(); }

    /** The last lines of the log, indented, for a failure message. */
    public String logTail(int lines) {
        return ChildJvm.tail(jvm.logFile(), lines).stripTrailing();
    }

    /** SIGTERM, then SIGKILL after a grace period; deletes the work dir unless logs are kept. Idempotent. */
    @Override
    public void close() {
        jvm.close();
    }
}
