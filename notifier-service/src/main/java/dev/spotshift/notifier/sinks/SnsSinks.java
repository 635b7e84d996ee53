package dev.spotshift.notifier.sinks;

import dev.spotshift.notifier.domain.Notification;
import dev.spotshift.notifier.domain.Sink;
import dev.spotshift.notifier.domain.SinkSpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * SNS sinks: the JSON document published to the sink's topic, with the kind and plan as message attributes so a
 * subscription can filter on them. One client per region (taken from the topic ARN), credentials from the default
 * chain; each sink has its own small thread pool for the blocking SDK call, so a slow region holds only its sink.
 */
public final class SnsSinks implements AutoCloseable {

    private final Optional<URI> endpointOverride;
    private final Duration timeout;
    private final Map<String, SnsClient> clients = new ConcurrentHashMap<>();
    private final Map<String, ExecutorService> pools = new ConcurrentHashMap<>();

    public SnsSinks(Optional<URI> endpointOverride, Duration timeout) {
        this.endpointOverride = endpointOverride;
        this.timeout = timeout;
    }

    public Sink sns(SinkSpec spec) {
        String region = spec.target().split(":")[3];
        SnsClient client = clients.computeIfAbsent(region, this::client);
        ExecutorService pool = pools.computeIfAbsent(spec.name(), n -> Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "notifier-sns-" + n);
            t.setDaemon(true);
            return t;
        }));
        return new Sink() {
            @Override
            public SinkSpec spec() {
                return spec;
            }

            @Override
            public CompletableFuture<Void> send(Notification n) {
                return CompletableFuture.runAsync(() -> client.publish(PublishRequest.builder()
                        .topicArn(spec.target())
                        .subject(subject(n))
                        .message(new String(Render.json(n), StandardCharsets.UTF_8))
                        .messageAttributes(Map.of(
                                "kind", MessageAttributeValue.builder().dataType("String").stringValue(n.kind().name()).build(),
                                "planId", MessageAttributeValue.builder().dataType("String").stringValue(n.planId()).build(),
                                "eventId", MessageAttributeValue.builder().dataType("String").stringValue(n.eventId()).build()))
                        .build()), pool);
            }
        };
    }

    /** SNS subjects are at most 100 printable ASCII characters. */
    static String subject(Notification n) {
        String s = ("Spotshift " + n.kind() + ": " + n.headline()).replaceAll("[^\\x20-\\x7E]", "?");
        return s.length() <= 100 ? s : s.substring(0, 97) + "...";
    }

    private SnsClient client(String region) {
        var b = SnsClient.builder().region(Region.of(region))
                .httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout))
                // the dispatcher retries with its own backoff; the SDK's own tries stay short
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(timeout.multipliedBy(2)).apiCallAttemptTimeout(timeout)
                        .retryStrategy(RetryMode.STANDARD).build());
        endpointOverride.ifPresent(b::endpointOverride);
        return b.build();
    }

    @Override
    public void close() {
        pools.values().forEach(ExecutorService::shutdownNow);
        clients.values().forEach(SnsClient::close);
    }
}
