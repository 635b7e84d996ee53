package dev.spotshift.analyzer.cloud;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * moto's server for the analyzer's AWS-side tests (the minimal part of the cloud module's test helper): started
 * from the machine's pyenv Python on a free loopback port, stopped by {@link #close}.
 */
public final class Moto implements AutoCloseable {

    public static final String REGION = "us-east-1";
    static final String PYTHON = System.getProperty("spotshift.moto.python",
            System.getenv().getOrDefault("SPOTSHIFT_MOTO_PYTHON", "/root/.pyenv/shims/python3"));

    static {
        // The port reads credentials from the default chain, as in production; system properties are its first link.
        System.setProperty("aws.accessKeyId", "spotshift-test");
        System.setProperty("aws.secretAccessKey", "spotshift-test-secret");
    }

    private final Process process;
    private final int port;

    private Moto(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static Moto start() {
        if (!new File(PYTHON).canExecute()) {
            throw new IllegalStateException("moto emulator missing: no Python at " + PYTHON
                    + " (set -Dspotshift.moto.python or SPOTSHIFT_MOTO_PYTHON)");
        }
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path log = Files.createTempFile("moto-", ".log");
            Process p = new ProcessBuilder(PYTHON, "-m", "moto.server", "-H", "127.0.0.1", "-p", String.valueOf(port))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            int bound = port;
            await("moto on port " + port).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!p.isAlive()) {
                            throw new IllegalStateException("moto emulator missing or broken (" + PYTHON
                                    + " -m moto.server exited; needs moto 5.x with its server extras): "
                                    + Files.readString(log));
                        }
                        return accepts(bound);
                    });
            return new Moto(p, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start moto with " + PYTHON, e);
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("spotshift-test", "spotshift-test-secret"));
    }

    public Region region() {
        return Region.of(REGION);
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
