package dev.spotshift.notifier.sinks;

import dev.spotshift.notifier.domain.Notification;
import dev.spotshift.notifier.domain.Sink;
import dev.spotshift.notifier.domain.SinkSpec;
import dev.spotshift.cloud.MessageTopics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * SNS sinks: the JSON document published to the sink's topic through the cloud port's {@link MessageTopics}, with
 * the kind and plan as message attributes so a subscription can filter on them; each sink has its own small thread
 * pool for the blocking call, so a slow region holds only its sink.
 */
public final class SnsSinks implements AutoCloseable {

    private final MessageTopics topics;
    private final Map<String, ExecutorService> pools = new ConcurrentHashMap<>();

    public SnsSinks(MessageTopics topics) {
        this.topics = topics;
    }

    public Sink sns(SinkSpec spec) {
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
                return CompletableFuture.runAsync(() -> topics.publish(spec.target(), subject(n),
                        new String(Render.json(n), StandardCharsets.UTF_8),
                        Map.of("kind", n.kind().name(), "planId", n.planId(), "eventId", n.eventId())), pool);
            }
        };
    }

    /** SNS subjects are at most 100 printable ASCII characters. */
    static String subject(Notification n) {
        String s = ("Spotshift " + n.kind() + ": " + n.headline()).replaceAll("[^\\x20-\\x7E]", "?");
        return s.length() <= 100 ? s : s.substring(0, 97) + "...";
    }

    @Override
    public void close() {
        pools.values().forEach(ExecutorService::shutdownNow);
        topics.close();
    }
}
