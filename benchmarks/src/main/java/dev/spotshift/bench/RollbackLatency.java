package dev.spotshift.bench;

import dev.spotshift.cloud.GroupState;
import dev.spotshift.cloud.SpotShare;
import dev.spotshift.cloud.sim.CapacityCall;
import dev.spotshift.cloud.sim.SimulatedCloud;
import dev.spotshift.executor.domain.Settings;
import dev.spotshift.events.MigrationFinished;
import dev.spotshift.events.MigrationStage;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Benchmark 4: from a RollbackCommand's send to the actuator's capacity call asking for on-demand (the simulated
 * cloud stamps each call with the wall clock), and to on-demand confirmed: the executor's MigrationFinished
 * ROLLED_BACK, which it publishes only once the group was read back on-demand, arriving on rollout-events. The
 * executor is the real topology and actuator with a SimulatedCloud built here; each trial plan is really in its
 * first step (25 % spot, set through that same cloud) before its command goes out.
 */
public final class RollbackLatency {

    static final String BENCH = "4 RollbackCommand -> on-demand requested";
    static final String CONFIRMED = "4b RollbackCommand -> on-demand confirmed (read back)";
    static final String UPDATE = "autoscaling:UpdateAutoScalingGroup";
    private static final Duration WAIT = Duration.ofSeconds(120);

    private final Clients clients;

    RollbackLatency(Clients clients) {
        this.clients = clients;
    }

    List<Row> run(BenchConfig config) {
        SimulatedCloud cloud = new SimulatedCloud(42, Clock.systemUTC());
        // timers far away: nothing but the command may move capacity while the trials run
        Settings settings = new Settings(3_600_000, 3_600_000, 1, 500);
        List<Trials.Percentiles> repeats = new ArrayList<>();
        List<Trials.Percentiles> confirmed = new ArrayList<>();
        String background;
        String loadBefore;
        try (Apps.App executor = Apps.executor(clients, cloud, settings, Duration.ofSeconds(1), "latest");
             Clients.EventProducer producer = clients.eventProducer()) {
            Apps.awaitRunning(executor, Duration.ofSeconds(120));
            List<List<String>> plans = new ArrayList<>();
            for (int r = 0; r < config.repeats(); r++) {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < config.trials(); i++) {
                    ids.add(String.format("rollback-r%d-%05d", r, i));
                }
                plans.add(ids);
            }
            inFirstStep(cloud, producer, plans.stream().flatMap(List::stream).toList());
            try (BackgroundLoad load = BackgroundLoad.livePlans(clients, config.backgroundPerSecond(), "rollback")
                    .inCloud(cloud).start()) {
                long live = load.awaitFirstStep(cloud, WAIT);
                loadBefore = Machine.loadAverage();
                for (List<String> ids : plans) {
                    Trials.Percentiles[] both = repeat(config, cloud, producer, ids);
                    repeats.add(both[0]);
                    confirmed.add(both[1]);
                }
                background = load.describeOnExecutor(live);
            }
        }
        String note = "executor in this JVM with SimulatedCloud(seed 42, system clock); plans at 25 % spot; "
                + background + "; machine load at the trials' start " + loadBefore + ", at their end "
                + Machine.loadAverage();
        List<Row> rows = new ArrayList<>(Trials.rows(BENCH, "command -> capacity call", repeats, config.trials(),
                2_000, note));
        // The seed's bound: on-demand active within 30 s of the trigger.
        rows.addAll(Trials.rows(CONFIRMED, "command -> ROLLED_BACK after read-back", confirmed, config.trials(),
                30_000, note));
        return rows;
    }

    /** [requested, confirmed] for one repeat. */
    private Trials.Percentiles[] repeat(BenchConfig config, SimulatedCloud cloud, Clients.EventProducer producer,
                                        List<String> plans) {
        int n = plans.size();
        long[] sentNanos = new long[n];
        Arrivals<RolloutEvent> finished = new Arrivals<>(clients, Topics.ROLLOUT_EVENTS,
                e -> e.getPayload() instanceof MigrationFinished f && f.getOutcome() == MigrationStage.ROLLED_BACK
                        ? e.getEnvelope().getPlanId() : null);
        List<ProducerRecord<String, byte[]>> commands = new ArrayList<>();
        for (String planId : plans) {
            commands.add(producer.record(Topics.ROLLBACK_COMMANDS, planId, BenchEvents.fullRollback(planId, Instant.now())));
        }
        Instant[] sentAt = new Instant[n];
        Trials.run(n, config.trialsPerSecond(), i -> {
            sentAt[i] = Instant.now();
            sentNanos[i] = System.nanoTime();
            producer.send(commands.get(i));
        });
        Waits.until(() -> onDemandCalls(cloud, plans, sentAt).size() == n, Duration.ofSeconds(30), 20);
        Map<String, Instant> calls = onDemandCalls(cloud, plans, sentAt);
        List<Double> latencies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Instant at = calls.get(BenchEvents.group(plans.get(i)));
            if (at != null) {
                latencies.add(Duration.between(sentAt[i], at).toNanos() / 1e6);
            }
        }
        Waits.until(() -> finished.allArrived(plans), Duration.ofSeconds(60), 20);
        finished.close();
        List<Double> confirmations = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Long at = finished.arrivedAt(plans.get(i));
            if (at != null) {
                confirmations.add((at - sentNanos[i]) / 1e6);
            }
        }
        return new Trials.Percentiles[] {Trials.Percentiles.of(latencies, n), Trials.Percentiles.of(confirmations, n)};
    }

    /** The first share change of each trial's group made after its command was sent. */
    private static Map<String, Instant> onDemandCalls(SimulatedCloud cloud, List<String> plans, Instant[] sentAt) {
        Map<String, Instant> sent = new HashMap<>();
        for (int i = 0; i < plans.size(); i++) {
            if (sentAt[i] != null) {
                sent.put(BenchEvents.group(plans.get(i)), sentAt[i]);
            }
        }
        Map<String, Instant> found = new HashMap<>();
        for (CapacityCall c : cloud.calls()) {
            Instant s = sent.get(c.target());
            if (s != null && c.operation().equals(UPDATE) && !c.at().isBefore(s)) {
                found.putIfAbsent(c.target(), c.at());
            }
        }
        return found;
    }

    /** Groups in the simulated world, plans approved, one sample each: pre-flight passes and step 0 sets 25 % spot. */
    static void inFirstStep(SimulatedCloud cloud, Clients.EventProducer producer, List<String> plans) {
        for (String planId : plans) {
            cloud.capacity().createGroup(BenchEvents.REGION, BenchEvents.group(planId), 0, 4, 2,
                    new SpotShare(0, 100, "capacity-optimized", BenchEvents.TYPES));
        }
        Instant now = Instant.now();
        for (String planId : plans) {
            producer.send(Topics.MIGRATION_DECISIONS, planId, BenchEvents.approved(planId, now, 3_600_000, 3_600_000));
        }
        producer.flush();
        for (String planId : plans) {
            producer.send(Topics.WORKLOAD_METRICS, planId, BenchEvents.healthy(planId, now, 0));
        }
        producer.flush();
        boolean ready = Waits.until(() -> plans.stream().allMatch(p -> spotPercent(cloud, p) == 25), WAIT, 100);
        if (!ready) {
            long done = plans.stream().filter(p -> spotPercent(cloud, p) == 25).count();
            throw new IllegalStateException("only " + done + " of " + plans.size()
                    + " plans reached their first step (25 % spot) within " + WAIT);
        }
    }

    static int spotPercent(SimulatedCloud cloud, String planId) {
        GroupState g = cloud.capacity().describeGroup(BenchEvents.REGION, BenchEvents.group(planId));
        return 100 - g.onDemandPercentAboveBase();
    }
}
