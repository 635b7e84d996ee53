package dev.spotshift.cloud.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP hop in front of an emulator (moto): a {@link Rule} answers the requests it wants answered on the emulator's
 * behalf (a throttle, an action moto lacks), and every other request goes to the emulator unchanged, so the SDK and the
 * port's parsing still run for real on the wire. {@link #delay} makes it a slow or hanging endpoint: each request
 * (counted on arrival) waits that long, or until the proxy closes, before it is answered.
 */
public final class InterceptingProxy implements AutoCloseable {

    /** What the proxy answers instead of the emulator. */
    public record Answer(int status, String contentType, String body) {
    }

    /** Decides, for the {@code number}th request (from 1) with this body, whether the proxy answers it itself. */
    @FunctionalInterface
    public interface Rule {
        Optional<Answer> answer(int number, String body);
    }

    private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "expect",
            "transfer-encoding", "upgrade");
    private static final String EC2_THROTTLE = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error>"
            + "<Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors>"
            + "<RequestID>throttled</RequestID></Response>";

    private final HttpServer server;
    private final URI target;
    private final Rule rule;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();
    private final HttpClient http = HttpClient.newHttpClient();
    // Each request on its own thread: a held request must not hold back the ones behind it (or their counting).
    private final ExecutorService handlers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "intercepting-proxy");
        t.setDaemon(true);
        return t;
    });
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Duration delay = Duration.ZERO;

    public InterceptingProxy(URI target, Rule rule) {
        this.target = target;
        this.rule = rule;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(handlers);
        server.start();
    }

    /** Answers the first {@code throttled} requests the way EC2 throttles (503 RequestLimitExceeded). */
    public static InterceptingProxy throttling(URI target, int throttled) {
        return new InterceptingProxy(target, (number, body) -> number <= throttled
                ? Optional.of(new Answer(503, "text/xml", EC2_THROTTLE)) : Optional.empty());
    }

    /** Forwards everything, after {@link #delay} (none until set). */
    public static InterceptingProxy forwarding(URI target) {
        return new InterceptingProxy(target, (number, body) -> Optional.empty());
    }

    /** From now on every request waits {@code wait} (or until close) before it is answered; ZERO ends that. */
    public InterceptingProxy delay(Duration wait) {
        this.delay = wait;
        return this;
    }

    /** Answers every request for the Query API {@code action} with {@code xml} (200). */
    public static InterceptingProxy answering(URI target, String action, String xml) {
        return new InterceptingProxy(target, (number, body) -> body.contains("Action=" + action)
                ? Optional.of(new Answer(200, "text/xml", xml)) : Optional.empty());
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** How many requests reached the proxy, answered or forwarded. */
    public int requests() {
        return requests.get();
    }

    /** How many requests the proxy answered itself. */
    public int answered() {
        return answered.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int number = requests.incrementAndGet();
            Duration wait = delay;
            if (!wait.isZero() && closed.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                return; // closed while holding it: the caller gave up long ago
            }
            Optional<Answer> own = rule.answer(number, new String(body, StandardCharsets.UTF_8));
            if (own.isPresent()) {
                answered.incrementAndGet();
                byte[] bytes = own.get().body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", own.get().contentType());
                exchange.sendResponseHeaders(own.get().status(), bytes.length);
                exchange.getResponseBody().write(bytes);
                return;
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase())) {
                    values.forEach(v -> forward.header(name, v));
                }
            });
            HttpResponse<byte[]> reply = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            reply.headers().map().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            exchange.sendResponseHeaders(reply.statusCode(), reply.body().length == 0 ? -1 : reply.body().length);
            exchange.getResponseBody().write(reply.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }
}
