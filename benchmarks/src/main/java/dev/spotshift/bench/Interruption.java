package dev.spotshift.bench;

import dev.spotshift.cloud.sim.SimulatedCloud;
import dev.spotshift.executor.cloud.CloudCommands;
import dev.spotshift.executor.domain.RolloutMachine;
import dev.spotshift.executor.domain.Settings;
import dev.spotshift.executor.streams.EventSerdeSource;
import dev.spotshift.executor.streams.ExecutorMetrics;
import dev.spotshift.executor.streams.RolloutTopology;
import dev.spotshift.schemas.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Benchmark 5: interruption warning -> checkpoint written + replacement requested. Measured only once the
 * executor's topology reads spot-interruptions; until then the row says so, and carries no number.
 */
public final class Interruption {

    static final String BENCH = "5 interruption -> checkpoint + replacement";

    private Interruption() {}

    static List<Row> run(Clients clients) {
        String description = RolloutTopology.build(EventSerdeSource.registry(clients.registryUrl()),
                new RolloutMachine(Settings.defaults()), new CloudCommands(new SimulatedCloud(42, Clock.systemUTC()), 1),
                new ExecutorMetrics(new SimpleMeterRegistry()), Duration.ofSeconds(1), "executor-service/bench")
                .describe().toString();
        String reason = description.contains(Topics.SPOT_INTERRUPTIONS.name())
                ? "the executor now reads " + Topics.SPOT_INTERRUPTIONS.name()
                        + ", but this harness does not drive that path yet"
                : "the executor's topology does not read " + Topics.SPOT_INTERRUPTIONS.name()
                        + " yet (interruption handling is another issue)";
        return List.of(Row.notMeasured(BENCH, "warning -> replacement p99", reason));
    }
}
