package dev.spotshift.executor.streams;

import dev.spotshift.events.RolloutEvent;
import dev.spotshift.executor.domain.Payload;
import dev.spotshift.executor.domain.Stage;
import dev.spotshift.schemas.EventMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Migrations by stage (per instance: the plans of its partitions), rollbacks by level, ignored inputs, cloud failures. */
public final class ExecutorMetrics {

    private final MeterRegistry registry;
    private final Map<Stage, AtomicLong> byStage = new EnumMap<>(Stage.class);
    private final RolloutEventMeters events;

    /**
     * Counters of the per-record paths (events in, ignored inputs) looked up once: Micrometer's register builds an id
     * and searches the registry on every call, which at a sample per plan per second is a cost of its own.
     */
    private final Map<String, Map<String, Counter>> received = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Counter> ignored = new java.util.concurrent.ConcurrentHashMap<>();

    /** Orphaned spot instances still running after the last reaper pass, per task partition; 0 is the healthy figure. */
    private final Map<Integer, Long> orphans = new java.util.concurrent.ConcurrentHashMap<>();

    public ExecutorMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("spotshift.executor.orphaned.spot.instances", orphans,
                m -> m.values().stream().mapToLong(Long::longValue).sum());
        this.events = new RolloutEventMeters(registry);
        for (Stage stage : Stage.values()) {
            AtomicLong count = new AtomicLong();
            byStage.put(stage, count);
            registry.gauge("spotshift.executor.migrations", java.util.List.of(
                    io.micrometer.core.instrument.Tag.of("stage", stage.name())), count);
        }
    }

    void stages(Map<Stage, Long> counts) {
        byStage.forEach((stage, gauge) -> gauge.set(counts.getOrDefault(stage, 0L)));
    }

    void published(Payload payload) {
        if (payload instanceof Payload.WithProcedure w) {
            payload = w.event();
        }
        if (payload instanceof Payload.RolledBack r) {
            Counter.builder("spotshift.executor.rollbacks").tag("level", r.level().name())
                    .tag("trigger", r.trigger().name()).register(registry).increment();
        }
        if (payload instanceof Payload.CloudActionFailed f) {
            // The way back to on-demand failed and will be retried: what an alert on a stuck rollback watches.
            Counter.builder("spotshift.executor.cloud.failures").tag("action", f.action()).register(registry)
                    .increment();
        }
    }

    /** Cloud commands decided, per action (carried out by the actuator). */
    void cloudCommand(String action) {
        Counter.builder("spotshift.executor.cloud.commands").tag("action", action).register(registry).increment();
    }

    /** Events out per type, step durations and interruption handling time (see {@link RolloutEventMeters}). */
    void published(RolloutEvent event) {
        events.published(event);
    }

    void received(String topic, String type) {
        received.computeIfAbsent(topic, t -> new java.util.concurrent.ConcurrentHashMap<>()).computeIfAbsent(type,
                t -> registry.counter(EventMeters.IN, EventMeters.TOPIC, topic, EventMeters.TYPE, type)).increment();
    }

    void ignored(String input) {
        ignored.computeIfAbsent(input, k -> Counter.builder("spotshift.executor.inputs.ignored").tag("input", input)
                .register(registry)).increment();
    }

    /** An operator command whose token did not prove its operator, by the principal it is counted under. */
    void operatorCommandRefused(String principal) {
        Counter.builder("spotshift.executor.operator.commands.refused").tag("principal", principal).register(registry)
                .increment();
    }

    public double operatorCommandsRefused(String principal) {
        return registry.find("spotshift.executor.operator.commands.refused").tag("principal", principal).counters()
                .stream().mapToDouble(Counter::count).sum();
    }

    void orphaned(int partition, long count) {
        orphans.put(partition, count);
    }

    public double orphanedSpotInstances() {
        return orphans.values().stream().mapToLong(Long::longValue).sum();
    }

    public double rollbacks(String level) {
        return registry.find("spotshift.executor.rollbacks").tag("level", level).counters().stream()
                .mapToDouble(Counter::count).sum();
    }
}
