package dev.spotshift.cloud.aws;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * moto's server, started once per test JVM from the machine's pyenv Python on a free loopback port and stopped
 * when JUnit finishes. A missing Python or moto fails the test with a message saying what to install.
 */
final class MotoServer implements ExtensionContext.Store.CloseableResource {

    static final String PYTHON = System.getProperty("spotshift.moto.python",
            System.getenv().getOrDefault("SPOTSHIFT_MOTO_PYTHON", "/root/.pyenv/shims/python3"));

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private MotoServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The JVM's one moto, started on first use. */
    static MotoServer in(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(MotoServer.class, k -> start(), MotoServer.class);
    }

    private static MotoServer start() {
        if (!new File(PYTHON).canExecute()) {
            throw new IllegalStateException("moto emulator missing: no Python at " + PYTHON
                    + " (set -Dspotshift.moto.python or SPOTSHIFT_MOTO_PYTHON; needs moto 5.x with its server extras)");
        }
        int port = Ports.free();
        try {
            Path log = Files.createTempFile("moto-", ".log");
            Process p = new ProcessBuilder(PYTHON, "-m", "moto.server", "-H", "127.0.0.1", "-p", String.valueOf(port))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            MotoServer moto = new MotoServer(p, port);
            await("moto on port " + port).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!p.isAlive()) {
                            throw new IllegalStateException("moto emulator exited with " + p.exitValue()
                                    + " (is moto installed for " + PYTHON + "?): " + Files.readString(log));
                        }
                        return Ports.accepts(port);
                    });
            return moto;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start moto emulator with " + PYTHON, e);
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Forgets every resource, so each test starts from an empty account. */
    void reset() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint().resolve("/moto-api/reset"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("moto reset answered " + r.statusCode() + ": " + r.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
