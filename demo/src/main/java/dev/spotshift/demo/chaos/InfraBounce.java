package dev.spotshift.demo.chaos;

import dev.spotshift.infra.ApicurioRegistryProcess;
import dev.spotshift.infra.ChildJvm;
import dev.spotshift.infra.KafkaBrokerProcess;
import dev.spotshift.infra.LocalInfra;
import dev.spotshift.infra.SpotshiftHome;
import dev.spotshift.infra.child.KafkaFormatAndServe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Stops the stack's broker or registry and starts it again on the same port, over the same data, as an operator's
 * restart would. The broker keeps its KRaft log directory (only its process changes); the registry keeps its schemas
 * only when it stores them in a file ({@code REGISTRY_DATASOURCE_URL=jdbc:h2:file:...} in the environment the stack
 * was started from): an in-memory registry loses every schema id the services hold, which is not a restart any real
 * deployment has. Whatever this starts, {@link #close()} stops, before the stack closes.
 */
public final class InfraBounce implements AutoCloseable {

    static final String REGISTRY_STORAGE_ENV = "REGISTRY_DATASOURCE_URL";

    private final LocalInfra infra;
    private final Consumer<String> progress;
    private final List<AutoCloseable> started = new ArrayList<>();
    private long brokerPid;
    private long registryPid;

    InfraBounce(LocalInfra infra, Consumer<String> progress) {
        this.infra = infra;
        this.progress = progress;
        this.brokerPid = infra.broker().map(KafkaBrokerProcess::pid).orElse(-1L);
        this.registryPid = infra.registry().map(ApicurioRegistryProcess::pid).orElse(-1L);
    }

    /** Why a registry restart cannot be faithful here, or empty when it can. */
    public static Optional<String> registryRestartUnsupported() {
        String url = System.getenv(REGISTRY_STORAGE_ENV);
        return url != null && url.startsWith("jdbc:h2:file:") ? Optional.empty() : Optional.of("the registry keeps its"
                + " schemas in memory; set " + REGISTRY_STORAGE_ENV + "=jdbc:h2:file:<dir>/db before the stack starts");
    }

    /** SIGTERM (a clean stop), {@code down} of outage, then the same broker again on its port and log directory. */
    synchronized void bounceBroker(Duration down) {
        KafkaBrokerProcess broker = infra.broker().orElseThrow(() -> new IllegalStateException("no broker process"));
        stop(brokerPid, "broker");
        pause(down);
        Path props = broker.workDir().resolve("server.properties");
        Path log4j = broker.workDir().resolve("log4j2.properties");
        try {
            Path workDir = Files.createTempDirectory("spotshift-kafka-restarted-");
            List<String> jvmArgs = List.of("-Xmx512m", "-Xms64m", "-XX:+UseG1GC", "-Djava.awt.headless=true",
                    "-Dlog4j2.configurationFile=" + log4j.toUri(), "-Dkafka.logs.dir=" + workDir.resolve("logs"));
            List<String> classpath = Arrays.stream(Files.readString(SpotshiftHome.brokerClasspathFile()).trim()
                    .split(java.io.File.pathSeparator)).filter(s -> !s.isBlank()).toList();
            ChildJvm child = ChildJvm.launch("kafka-broker", workDir, jvmArgs, classpath,
                    KafkaFormatAndServe.class.getName(), List.of(props.toString(), broker.clusterId()),
                    workDir.resolve("broker.log"));
            started.add(child);
            brokerPid = child.pid();
            awaitPort(broker.port(), Duration.ofSeconds(90), "broker");
            progress.accept("    broker back on port " + broker.port() + " (pid " + brokerPid + ", log " + child.logFile() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM, {@code down} of outage, then a registry on the same port over the same file storage. */
    synchronized void bounceRegistry(Duration down) {
        ApicurioRegistryProcess registry = infra.registry().orElseThrow(() -> new IllegalStateException("no registry"));
        registryRestartUnsupported().ifPresent(why -> {
            throw new IllegalStateException("cannot restart the registry faithfully: " + why);
        });
        stop(registryPid, "registry");
        pause(down);
        ApicurioRegistryProcess again = ApicurioRegistryProcess.start(new ApicurioRegistryProcess.Options()
                .port(registry.port()).startTimeout(Duration.ofSeconds(120))
                .authenticatedWrites(registry.authenticatedWrites()));
        started.add(again);
        registryPid = again.pid();
        progress.accept("    registry back on port " + registry.port() + " (pid " + registryPid + ", log " + again.logFile() + ")");
    }

    private void stop(long pid, String what) {
        ProcessHandle h = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(what + " is not running"));
        progress.accept("    " + what + " (pid " + pid + ") stopped with SIGTERM");
        h.destroy();
        try {
            h.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            h.destroyForcibly();
            h.onExit().join();
        }
    }

    private static void awaitPort(int port, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                pause(Duration.ofMillis(250));
            }
        }
        throw new IllegalStateException(what + " did not open port " + port + " within " + timeout.toSeconds() + " s");
    }

    /** The outage itself and port polling: a fault's timing, not a wait for a condition. */
    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable c : started) {
            try {
                c.close();
            } catch (Exception ignored) {
                // the stack's own close stops the rest
            }
        }
        started.clear();
    }
}
