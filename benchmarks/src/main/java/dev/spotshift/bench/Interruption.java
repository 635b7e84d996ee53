package dev.spotshift.bench;

import dev.spotshift.cloud.sim.CapacityCall;
import dev.spotshift.cloud.sim.SimulatedCloud;
import dev.spotshift.events.CheckpointWritten;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.executor.domain.RolloutMachine;
import dev.spotshift.executor.domain.Settings;
import dev.spotshift.executor.streams.ExecutorMetrics;
import dev.spotshift.executor.streams.RolloutTopology;
import dev.spotshift.schemas.TopicSerdes;
import dev.spotshift.schemas.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Benchmark 5: from the send of EC2's two-minute warning for a plan's instance to (a) CheckpointWritten on
 * rollout-events and (b) the replacement's RunInstances call recorded by the SimulatedCloud. The chain runs
 * through the real executor and a stand-in workload agent ({@link WorkloadAgent}) that answers the checkpoint
 * command at once. Measured only when the executor's topology reads spot-interruptions (checked at run time).
 */
public final class Interruption {

    static final String BENCH = "5 interruption -> checkpoint + replacement";
    static final String LAUNCH = "ec2:RunInstances";
    /** How a group-backed plan's replacement is asked for: the group replaces the instance, desired kept. */
    static final String REPLACE_IN_GROUP = "autoscaling:TerminateInstanceInAutoScalingGroup";
    /** Issue 26, item 6: notice -> checkpoint written and -> replacement requested, under 1,000 live plans' samples. */
    static final double P99_GOAL_MILLIS = 1_000;

    private final Clients clients;

    Interruption(Clients clients) {
        this.clients = clients;
    }

    List<Row> run(BenchConfig config) {
        if (!executorReadsInterruptions()) {
            return List.of(Row.notMeasured(BENCH, "warning -> replacement requested p99",
                    "the executor's topology does not read " + Topics.SPOT_INTERRUPTIONS.name() + " yet"));
        }
        SimulatedCloud cloud = new SimulatedCloud(42, Clock.systemUTC());
        List<Trials.Percentiles> checkpoint = new ArrayList<>();
        List<Trials.Percentiles> replacement = new ArrayList<>();
        String background;
        String loadBefore;
        try (Apps.App executor = Apps.executor(clients, cloud, new Settings(3_600_000, 3_600_000, 1, 500),
                Duration.ofMillis(200), "latest");
             Clients.EventProducer producer = clients.eventProducer();
             WorkloadAgent agent = new WorkloadAgent(clients, cloud);
             Arrivals<RolloutEvent> written = new Arrivals<>(clients, Topics.ROLLOUT_EVENTS,
                     e -> e.getPayload() instanceof CheckpointWritten ? e.getEnvelope().getPlanId() : null)) {
            Apps.awaitRunning(executor, Duration.ofSeconds(120));
            List<List<String>> plans = new ArrayList<>();
            for (int r = 0; r < config.repeats(); r++) {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < config.trials(); i++) {
                    ids.add(String.format("interrupt-r%d-%05d", r, i));
                }
                plans.add(ids);
            }
            RollbackLatency.inFirstStep(cloud, producer, plans.stream().flatMap(List::stream).toList());
            try (BackgroundLoad load = BackgroundLoad.livePlans(clients, config.backgroundPerSecond(), "interrupt")
                    .inCloud(cloud).start()) {
                long live = load.awaitFirstStep(cloud, Duration.ofSeconds(120));
                loadBefore = Machine.loadAverage();
                for (List<String> ids : plans) {
                    repeat(config, cloud, producer, written, ids, checkpoint, replacement);
                }
                background = load.describeOnExecutor(live);
            }
        }
        String note = "real executor + SimulatedCloud; a stand-in agent checkpoints at once; plans at 25 % spot;"
                + " trials at " + config.trialsPerSecond() + "/s open loop; " + background + "; machine load at the"
                + " trials' start " + loadBefore + ", at their end " + Machine.loadAverage();
        List<Row> rows = new ArrayList<>(Trials.rows(BENCH, "warning -> CheckpointWritten", checkpoint,
                config.trials(), P99_GOAL_MILLIS, note));
        rows.addAll(Trials.rows(BENCH, "warning -> replacement requested", replacement, config.trials(),
                P99_GOAL_MILLIS, note + "; RunInstances call time from SimulatedCloud.calls()"));
        return rows;
    }

    private void repeat(BenchConfig config, SimulatedCloud cloud, Clients.EventProducer producer,
                        Arrivals<RolloutEvent> written, List<String> plans, List<Trials.Percentiles> checkpoint,
                        List<Trials.Percentiles> replacement) {
        int n = plans.size();
        List<ProducerRecord<String, byte[]>> warnings = new ArrayList<>();
        Map<String, String> planOfInstance = new HashMap<>();
        for (String planId : plans) {
            // A real instance of the plan's group: the group replaces it (the answer to a notice for a group plan).
            String instanceId = cloud.capacity().describeGroup(BenchEvents.REGION, BenchEvents.group(planId))
                    .instances().stream().filter(dev.spotshift.cloud.InstanceInfo::isActive).findFirst()
                    .map(dev.spotshift.cloud.InstanceInfo::instanceId)
                    .orElse("i-" + Integer.toHexString(planId.hashCode()));
            planOfInstance.put(instanceId, planId);
            warnings.add(producer.record(Topics.SPOT_INTERRUPTIONS, planId,
                    BenchEvents.warning(planId, Instant.now(), instanceId)));
        }
        Instant[] sentAt = new Instant[n];
        long[] sentNanos = new long[n];
        Trials.run(n, config.trialsPerSecond(), i -> {
            sentAt[i] = Instant.now();
            sentNanos[i] = System.nanoTime();
            producer.send(warnings.get(i));
        });
        Waits.until(() -> written.allArrived(plans) && launches(cloud, plans, sentAt, planOfInstance).size() == n,
                Duration.ofSeconds(60), 50);
        Map<String, Instant> launched = launches(cloud, plans, sentAt, planOfInstance);
        List<Double> toCheckpoint = new ArrayList<>();
        List<Double> toReplacement = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Long at = written.arrivedAt(plans.get(i));
            if (at != null) {
                toCheckpoint.add((at - sentNanos[i]) / 1e6);
            }
            Instant launch = launched.get(plans.get(i));
            if (launch != null) {
                toReplacement.add(Duration.between(sentAt[i], launch).toNanos() / 1e6);
            }
        }
        checkpoint.add(Trials.Percentiles.of(toCheckpoint, n));
        replacement.add(Trials.Percentiles.of(toReplacement, n));
    }

    /** The first replacement call for each plan after its warning was sent: a launch, or a replace in its group. */
    private static Map<String, Instant> launches(SimulatedCloud cloud, List<String> plans, Instant[] sentAt,
                                                 Map<String, String> planOfInstance) {
        Map<String, Instant> sent = new HashMap<>();
        for (int i = 0; i < plans.size(); i++) {
            if (sentAt[i] != null) {
                sent.put(plans.get(i), sentAt[i]);
            }
        }
        Map<String, Instant> found = new HashMap<>();
        for (CapacityCall c : cloud.calls()) {
            String plan = c.operation().equals(REPLACE_IN_GROUP) ? planOfInstance.get(c.target())
                    : c.operation().equals(LAUNCH) ? c.target() : null;
            Instant s = plan == null ? null : sent.get(plan);
            if (s != null && !c.at().isBefore(s)) {
                found.putIfAbsent(plan, c.at());
            }
        }
        return found;
    }

    private boolean executorReadsInterruptions() {
        String description = RolloutTopology.build(TopicSerdes.registry(clients.registryUrl()),
                new RolloutMachine(Settings.defaults()), "bench", new ExecutorMetrics(new SimpleMeterRegistry()), Duration.ofSeconds(1), "executor-service/bench")
                .describe().toString();
        return description.contains(Topics.SPOT_INTERRUPTIONS.name());
    }
}
