package dev.spotshift.bridge;

import dev.spotshift.schemas.EventMeters;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What the bridge did: notices by outcome, samples published or skipped, failed polls by source, and the shared
 * per-topic event counters ({@link EventMeters}).
 */
@ApplicationScoped
public class BridgeMetrics {

    static final String NOTICES = "spotshift.bridge.notices";
    static final String SAMPLES = "spotshift.bridge.samples";
    static final String POLL_FAILURES = "spotshift.bridge.poll.failures";
    static final String DIRECTORY_SKIPPED = "spotshift.bridge.directory.skipped";

    private final MeterRegistry registry;

    public BridgeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** outcome: bridged, unowned, dead_lettered. */
    void notice(String outcome) {
        registry.counter(NOTICES, "outcome", outcome).increment();
    }

    /** outcome: published, skipped. */
    void sample(String outcome) {
        registry.counter(SAMPLES, "outcome", outcome).increment();
    }

    /** source: sqs, ec2, cloudwatch, s3 (a shadow run's mismatch records), kafka. */
    void pollFailure(String source) {
        registry.counter(POLL_FAILURES, "source", source).increment();
    }

    void directorySkipped() {
        registry.counter(DIRECTORY_SKIPPED).increment();
    }

    void received(String topic, String type) {
        registry.counter(EventMeters.IN, EventMeters.TOPIC, topic, EventMeters.TYPE, type).increment();
    }

    void published(String topic, String type) {
        registry.counter(EventMeters.OUT, EventMeters.TOPIC, topic, EventMeters.TYPE, type).increment();
    }

    public double notices(String outcome) {
        var c = registry.find(NOTICES).tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    public double samples(String outcome) {
        var c = registry.find(SAMPLES).tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }
}
