package dev.spotshift.executor.streams;

import dev.spotshift.executor.domain.Payload;
import dev.spotshift.executor.domain.Stage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Migrations by stage (per instance: the plans of its partitions), rollbacks by level, ignored inputs, cloud failures. */
public final class ExecutorMetrics {

    private final MeterRegistry registry;
    private final Map<Stage, AtomicLong> byStage = new EnumMap<>(Stage.class);

    public ExecutorMetrics(MeterRegistry registry) {
        this.registry = registry;
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
        if (payload instanceof Payload.RolledBack r) {
            Counter.builder("spotshift.executor.rollbacks").tag("level", r.level().name())
                    .tag("trigger", r.trigger().name()).register(registry).increment();
        }
    }

    void ignored(String input) {
        Counter.builder("spotshift.executor.inputs.ignored").tag("input", input).register(registry).increment();
    }

    void cloudFailure() {
        Counter.builder("spotshift.executor.cloud.failures").register(registry).increment();
    }

    public double rollbacks(String level) {
        return registry.find("spotshift.executor.rollbacks").tag("level", level).counters().stream()
                .mapToDouble(Counter::count).sum();
    }
}
