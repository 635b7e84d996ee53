package dev.spotshift.executor.streams;

import dev.spotshift.events.CheckpointWritten;
import dev.spotshift.events.ReplacementLaunched;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.RolloutStepCompleted;
import dev.spotshift.events.RolloutStepStarted;
import dev.spotshift.schemas.EventMeters;
import dev.spotshift.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the executor's own events as they go out: events out per type, how long each step took from
 * its start to its completion, and how long an interruption took from the two-minute notice to the
 * replacement. Derived from the events (their occurredAt) rather than the state machine, so it needs
 * no state of its own beyond the starts it has seen in this instance (lost on a rebalance: a metric,
 * not a record).
 */
final class RolloutEventMeters {

    /** The EC2 spot interruption notice: the checkpoint's deadline minus this is when the warning came. */
    static final Duration NOTICE = Duration.ofMinutes(2);

    private final MeterRegistry registry;
    private final Map<String, Instant> stepStarts = new ConcurrentHashMap<>();
    private final Map<String, Instant> notices = new ConcurrentHashMap<>();

    RolloutEventMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void published(RolloutEvent event) {
        String planId = event.getEnvelope().getPlanId();
        Instant at = event.getEnvelope().getOccurredAt();
        Object payload = event.getPayload();
        registry.counter(EventMeters.OUT, EventMeters.TOPIC, Topics.ROLLOUT_EVENTS.name(),
                EventMeters.TYPE, payload.getClass().getSimpleName()).increment();
        if (payload instanceof RolloutStepStarted s) {
            stepStarts.put(planId + "/" + s.getStepIndex(), at);
        } else if (payload instanceof RolloutStepCompleted c) {
            Instant started = stepStarts.remove(planId + "/" + c.getStepIndex());
            if (started != null) {
                Timer.builder("spotshift.executor.step.duration").tag("step", String.valueOf(c.getStepIndex()))
                        .register(registry).record(Duration.between(started, at));
            }
        } else if (payload instanceof CheckpointWritten w && w.getNoticeDeadline() != null) {
            notices.put(planId + "/" + w.getInstanceId(), w.getNoticeDeadline().minus(NOTICE));
        } else if (payload instanceof ReplacementLaunched r) {
            Instant notice = notices.remove(planId + "/" + r.getInterruptedInstanceId());
            if (notice != null) {
                Timer.builder("spotshift.executor.interruption.handling")
                        .tag("within_notice", String.valueOf(r.getWithinNotice()))
                        .register(registry).record(Duration.between(notice, at));
            }
        }
    }
}
