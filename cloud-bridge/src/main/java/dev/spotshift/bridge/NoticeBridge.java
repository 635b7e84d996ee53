package dev.spotshift.bridge;
import dev.spotshift.bridge.config.BridgeConfig;

import dev.spotshift.bridge.domain.NoticeRouting;
import dev.spotshift.bridge.domain.NoticeRouting.Bridge;
import dev.spotshift.bridge.domain.NoticeRouting.Route;
import dev.spotshift.bridge.domain.NoticeRouting.Unowned;
import dev.spotshift.cloud.Cloud;
import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.InstanceInfo;
import dev.spotshift.cloud.MalformedNotice;
import dev.spotshift.cloud.NoticeBatch;
import dev.spotshift.cloud.ReceivedNotice;
import dev.spotshift.events.DeadLetter;
import dev.spotshift.schemas.DeadLetters;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The EventBridge rule's queue -> spot-interruptions. A message is deleted only after what it became (a warning,
 * a dead letter) was acknowledged by the broker, or when no live plan owns its instance; anything else leaves it
 * to come back after the visibility timeout. A redelivered notice carries the same sourceEventId for consumers
 * to dedupe on.
 */
@ApplicationScoped
public class NoticeBridge {

    private static final Logger LOG = Logger.getLogger(NoticeBridge.class);
    /** Where a malformed message came from, in the DeadLetter's sourceTopic (it is not a Kafka topic). */
    static final String QUEUE_SOURCE = "sqs:interruption-notices";
    private static final int LOGGED_UNOWNED = 10_000;

    private final Cloud cloud;
    private final PlanDirectory directory;
    private final Publisher publisher;
    private final BridgeMetrics metrics;
    private final BridgeConfig config;
    private final String consumerName;
    /** Instances whose unowned notice was logged at info already (bounded: oldest forgotten first). */
    private final Set<String> loggedUnowned = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > LOGGED_UNOWNED;
        }
    });

    private volatile boolean running;
    private volatile Instant heartbeat = Instant.now();
    private Thread thread;

    public NoticeBridge(Cloud cloud, PlanDirectory directory, Publisher publisher, BridgeMetrics metrics,
                        BridgeConfig config) {
        this.cloud = cloud;
        this.directory = directory;
        this.publisher = publisher;
        this.metrics = metrics;
        this.config = config;
        this.consumerName = "cloud-bridge";
    }

    void start(@Observes StartupEvent event) {
        if (!config.notices().enabled()) {
            LOG.info("notice bridge disabled (spotshift.bridge.notices.enabled=false)");
            return;
        }
        running = true;
        thread = new Thread(this::run, "notice-bridge");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(10_000);
        }
    }

    boolean enabled() {
        return thread != null;
    }

    boolean alive() {
        return thread != null && thread.isAlive();
    }

    Instant heartbeat() {
        return heartbeat;
    }

    private void run() {
        Duration backoff = config.notices().idleBackoff();
        while (running) {
            heartbeat = Instant.now();
            if (!directory.caughtUp()) {
                // Until every plan is known, an owned instance would look unowned and its notice be deleted.
                pause(Duration.ofMillis(200));
                continue;
            }
            NoticeBatch batch;
            try {
                batch = cloud.notices().receive(10, config.notices().receiveWait());
            } catch (RuntimeException e) {
                metrics.pollFailure("sqs");
                LOG.warnf("receiving notices failed (next try in %s): %s", backoff, e.getMessage());
                pause(backoff);
                backoff = min(backoff.multipliedBy(2), config.notices().maxBackoff());
                continue;
            }
            backoff = config.notices().idleBackoff();
            if (batch.isEmpty()) {
                pause(config.notices().idleBackoff());
                continue;
            }
            handle(batch);
        }
    }

    /** One receive's messages; package-visible for tests that drive a batch without the loop. */
    void handle(NoticeBatch batch) {
        for (MalformedNotice m : batch.malformed()) {
            deadLetter(m);
        }
        Map<String, List<ReceivedNotice>> byRegion = new LinkedHashMap<>();
        for (ReceivedNotice n : batch.notices()) {
            byRegion.computeIfAbsent(regionOf(n), r -> new ArrayList<>()).add(n);
        }
        byRegion.forEach(this::handleRegion);
    }

    private void handleRegion(String region, List<ReceivedNotice> notices) {
        Map<String, InstanceInfo> instances;
        try {
            instances = describe(region, notices.stream().map(n -> n.notice().instanceId()).distinct().toList());
        } catch (RuntimeException e) {
            metrics.pollFailure("ec2");
            LOG.warnf("describing %d instances in %s failed; their notices come back: %s", notices.size(), region,
                    e.getMessage());
            return;
        }
        for (ReceivedNotice n : notices) {
            Route route = NoticeRouting.route(n.notice(), region,
                    Optional.ofNullable(instances.get(n.notice().instanceId())), directory.plans());
            if (route instanceof Bridge b) {
                try {
                    publisher.warning(b.plan(), b.warning());
                } catch (Exception e) {
                    metrics.pollFailure("kafka");
                    LOG.warnf("warning %s for plan %s not acknowledged, message kept for redelivery: %s",
                            n.notice().eventId(), b.plan().planId(), e);
                    continue;
                }
                if (delete(n.receiptHandle())) {
                    metrics.notice("bridged");
                    LOG.infof("bridged %s for instance %s to plan %s (event %s)", n.notice().kind(),
                            n.notice().instanceId(), b.plan().planId(), n.notice().eventId());
                }
            } else if (route instanceof Unowned u) {
                if (delete(n.receiptHandle())) {
                    metrics.notice("unowned");
                    if (loggedUnowned.add(n.notice().instanceId())) {
                        LOG.infof("dropped %s (event %s): %s", n.notice().kind(), n.notice().eventId(), u.reason());
                    }
                }
            }
        }
    }

    /**
     * One call for the batch; when EC2 rejects it because an id is unknown (an instance long gone), each id is
     * asked alone so the known ones still resolve.
     */
    private Map<String, InstanceInfo> describe(String region, List<String> ids) {
        Map<String, InstanceInfo> found = new HashMap<>();
        try {
            cloud.capacity().describeInstances(region, ids).forEach(i -> found.put(i.instanceId(), i));
            return found;
        } catch (CloudException e) {
            if (e.kind() != CloudException.Kind.NOT_FOUND) {
                throw e;
            }
        }
        for (String id : ids) {
            try {
                cloud.capacity().describeInstances(region, List.of(id)).forEach(i -> found.put(i.instanceId(), i));
            } catch (CloudException e) {
                if (e.kind() != CloudException.Kind.NOT_FOUND) {
                    throw e;
                }
            }
        }
        return found;
    }

    private void deadLetter(MalformedNotice m) {
        String body = m.body() == null ? "" : m.body();
        DeadLetter letter = DeadLetters.of(QUEUE_SOURCE, -1, -1, m.messageId().getBytes(StandardCharsets.UTF_8),
                body.getBytes(StandardCharsets.UTF_8), m.reason(), null, consumerName, Instant.now());
        try {
            publisher.deadLetter(m.messageId(), letter);
        } catch (Exception e) {
            metrics.pollFailure("kafka");
            LOG.warnf("dead letter for message %s not acknowledged, message kept: %s", m.messageId(), e);
            return;
        }
        if (delete(m.receiptHandle())) {
            metrics.notice("dead_lettered");
            LOG.warnf("malformed notice %s dead-lettered: %s", m.messageId(), m.reason());
        }
    }

    private boolean delete(String receiptHandle) {
        try {
            cloud.notices().delete(receiptHandle);
            return true;
        } catch (RuntimeException e) {
            metrics.pollFailure("sqs");
            LOG.warnf("deleting a handled message failed; it comes back and is handled again: %s", e.getMessage());
            return false;
        }
    }

    private String regionOf(ReceivedNotice n) {
        String region = n.notice().region();
        return region == null || region.isBlank() ? config.defaultRegion() : region;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private void pause(Duration d) {
        try {
            Thread.sleep(Math.max(1, d.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
