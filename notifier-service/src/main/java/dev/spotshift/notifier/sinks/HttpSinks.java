package dev.spotshift.notifier.sinks;

import dev.spotshift.notifier.domain.Notification;
import dev.spotshift.notifier.domain.Signature;
import dev.spotshift.notifier.domain.Sink;
import dev.spotshift.notifier.domain.SinkSpec;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The two HTTP sinks on one non-blocking client: the generic webhook (the JSON document, signed) and a
 * Slack-compatible incoming webhook ({@code {"text": ...}}). Anything but a 2xx is a failure the dispatcher retries.
 */
public final class HttpSinks {

    public static final String EVENT_ID_HEADER = "X-Spotshift-Event-Id";
    private final HttpClient client;
    private final Duration timeout;

    public HttpSinks(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public Sink webhook(SinkSpec spec) {
        String secret = spec.secret().orElseThrow(() -> new IllegalArgumentException(spec.name() + " has no secret"));
        return new HttpSink(spec, n -> {
            byte[] body = Render.json(n);
            return request(spec, n, body).header(Signature.HEADER, Signature.of(body, secret))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        });
    }

    public Sink slack(SinkSpec spec) {
        return new HttpSink(spec, n -> {
            byte[] body = Render.json(Map.of("text", Render.text(n)));
            return request(spec, n, body).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        });
    }

    private HttpRequest.Builder request(SinkSpec spec, Notification n, byte[] body) {
        return HttpRequest.newBuilder(spec.url()).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "spotshift-notifier")
                // a receiver may dedupe too: the same event id on every retry
                .header(EVENT_ID_HEADER, n.eventId());
    }

    private final class HttpSink implements Sink {
        private final SinkSpec spec;
        private final java.util.function.Function<Notification, HttpRequest> build;

        HttpSink(SinkSpec spec, java.util.function.Function<Notification, HttpRequest> build) {
            this.spec = spec;
            this.build = build;
        }

        @Override
        public SinkSpec spec() {
            return spec;
        }

        @Override
        public CompletableFuture<Void> send(Notification n) {
            return client.sendAsync(build.apply(n), HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
                if (r.statusCode() / 100 != 2) {
                    String body = r.body() == null ? "" : r.body();
                    throw new SinkRefused(spec.name() + " answered HTTP " + r.statusCode()
                            + (body.isBlank() ? "" : ": " + body.substring(0, Math.min(200, body.length()))));
                }
                return null;
            });
        }
    }

    /** A destination that answered, but not with yes. */
    public static final class SinkRefused extends RuntimeException {
        public SinkRefused(String message) {
            super(message);
        }
    }
}
