package dev.spotshift.cloud.testing;

import static org.awaitility.Awaitility.await;

import dev.spotshift.cloud.Cloud;
import dev.spotshift.cloud.CloudFactory;
import dev.spotshift.cloud.aws.AwsConfig;
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
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * moto's server, started from the machine's pyenv Python on a free loopback port: either once per test JVM and stopped
 * when JUnit finishes ({@link #in}, or {@link MotoExtension}), or for one test class that closes it ({@link #start}).
 * A missing Python or moto fails the test with a message saying what to install.
 */
public final class Moto implements AutoCloseable, ExtensionContext.Store.CloseableResource {

    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY = "spotshift-test";
    public static final String SECRET_KEY = "spotshift-test-secret";
    static final String PYTHON = System.getProperty("spotshift.moto.python",
            System.getenv().getOrDefault("SPOTSHIFT_MOTO_PYTHON", "/root/.pyenv/shims/python3"));

    static {
        // The port reads credentials from the default chain, as in production; system properties are its first link.
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
    }

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private Moto(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The JVM's one moto, started on first use and stopped when JUnit finishes. */
    public static Moto in(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Moto.class, k -> start(), Moto.class);
    }

    /** A moto of the caller's own, which the caller closes. */
    public static Moto start() {
        if (!new File(PYTHON).canExecute()) {
            throw new IllegalStateException("moto emulator missing: no Python at " + PYTHON
                    + " (set -Dspotshift.moto.python or SPOTSHIFT_MOTO_PYTHON; needs moto 5.x with its server extras)");
        }
        int port = Ports.free();
        try {
            Path log = Files.createTempFile("moto-", ".log");
            Process p = new ProcessBuilder(PYTHON, "-m", "moto.server", "-H", "127.0.0.1", "-p", String.valueOf(port))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Moto moto = new Moto(p, port);
            await("moto on port " + port).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!p.isAlive()) {
                            throw new IllegalStateException("moto emulator exited with " + p.exitValue()
                                    + " (is moto 5.x with its server extras installed for " + PYTHON + "?): "
                                    + Files.readString(log));
                        }
                        return Ports.accepts(port);
                    });
            return moto;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start moto emulator with " + PYTHON, e);
        }
    }

    /** The configuration of the AWS side of the port against {@code endpoint} (moto, or a proxy in front of it). */
    public static Map<String, String> config(URI endpoint) {
        Map<String, String> c = new HashMap<>();
        c.put(CloudFactory.KIND, "aws");
        c.put(CloudFactory.AWS_REGION, REGION);
        c.put(CloudFactory.AWS_ENDPOINT_OVERRIDE, endpoint.toString());
        return c;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The AWS implementation of the port against this moto, S3 included; {@code imageId} is what launches use. */
    public Cloud cloud(String imageId) {
        Map<String, String> c = config(endpoint());
        c.put(CloudFactory.AWS_S3_ENDPOINT_OVERRIDE, endpoint().toString());
        if (imageId != null) {
            c.put(AwsConfig.IMAGE_ID, imageId);
        }
        return CloudFactory.fromConfig(c);
    }

    /** For set-up done beside the port (groups, instances, buckets) with the SDK's own clients. */
    public StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    public Region region() {
        return Region.of(REGION);
    }

    /** Forgets every resource, so each test starts from an empty account. */
    public void reset() {
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
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
