package dev.spotshift.bench;

import dev.spotshift.events.MetricSample;
import dev.spotshift.events.RollbackCommand;
import dev.spotshift.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Benchmark 3: from the producer's send of a breaching sample to the RollbackCommand's arrival on
 * rollback-commands (read_committed), through the real monitor, with other plans' samples flowing meanwhile.
 * Every trial is its own live plan, so each breach is a first breach (no suppression by an earlier command).
 */
public final class BreachLatency {

    static final String BENCH = "3 breach -> RollbackCommand";
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(30);
    /** Issue 26, item 6: under 1,000 live plans' samples. */
    static final double P99_GOAL_MILLIS = 200;

    private final Clients clients;

    BreachLatency(Clients clients) {
        this.clients = clients;
    }

    /** @param origin for the note: the monitor benchmark 2 warmed, or one started for this benchmark alone */
    List<Row> run(BenchConfig config, Apps.App monitor, String origin) {
        List<Trials.Percentiles> repeats = new ArrayList<>();
        List<List<String>> plans = new ArrayList<>();
        for (int r = 0; r < config.repeats(); r++) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < config.trials(); i++) {
                ids.add(String.format("breach-r%d-%05d", r, i));
            }
            plans.add(ids);
        }
        // before the background load starts, so the judged count tells exactly that the trial plans are live
        try (Clients.EventProducer producer = clients.eventProducer()) {
            makeLive(monitor, producer, plans.stream().flatMap(List::stream).toList());
        }
        String background;
        String loadBefore;
        try (BackgroundLoad load = BackgroundLoad.livePlans(clients, config.backgroundPerSecond(), "breach").start();
             Arrivals<RollbackCommand> arrivals = new Arrivals<>(clients, Topics.ROLLBACK_COMMANDS,
                     c -> c.getEnvelope().getCausationId());
             Clients.EventProducer producer = clients.eventProducer()) {
            // the trials start once the monitor has judged a whole second of the background (every plan live)
            double judged = judged(monitor);
            boolean flowing = Waits.until(() -> judged(monitor) >= judged + config.backgroundPerSecond(),
                    Duration.ofSeconds(60), 20);
            loadBefore = Machine.loadAverage();
            for (int r = 0; r < config.repeats(); r++) {
                repeats.add(repeat(config, producer, arrivals, plans.get(r)));
            }
            background = load.describe() + (flowing ? "" : " (the monitor had not judged a second of it within 60 s"
                    + " when the trials began)");
        }
        String note = background + ", judged by the same monitor; trials at " + config.trialsPerSecond()
                + "/s open loop; " + origin + "; machine load at the trials' start " + loadBefore + ", at their end "
                + Machine.loadAverage();
        return Trials.rows(BENCH, "send -> command", repeats, config.trials(), P99_GOAL_MILLIS, note);
    }

    private Trials.Percentiles repeat(BenchConfig config, Clients.EventProducer producer,
                                      Arrivals<RollbackCommand> arrivals, List<String> plans) {
        int n = plans.size();
        // serialised before the clock starts: the measure is Kafka + monitor, not this harness's encoder
        List<ProducerRecord<String, byte[]>> breaches = new ArrayList<>();
        List<String> sampleIds = new ArrayList<>();
        for (String planId : plans) {
            MetricSample s = BenchEvents.breaching(planId, Instant.now().plusSeconds(5), 25);
            sampleIds.add(s.getEnvelope().getEventId());
            breaches.add(producer.record(Topics.WORKLOAD_METRICS, planId, s));
        }
        long[] sentAt = new long[n];
        Trials.run(n, config.trialsPerSecond(), i -> {
            sentAt[i] = System.nanoTime();
            producer.send(breaches.get(i));
        });
        Waits.until(() -> arrivals.allArrived(sampleIds), ANSWER_WAIT, 20);
        List<Double> latencies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Long at = arrivals.arrivedAt(sampleIds.get(i));
            if (at != null) {
                latencies.add((at - sentAt[i]) / 1e6);
            }
        }
        return Trials.Percentiles.of(latencies, n);
    }

    /** Approves the trial plans and waits until the monitor has judged one healthy sample of each. */
    private static void makeLive(Apps.App monitor, Clients.EventProducer producer, List<String> plans) {
        Instant now = Instant.now();
        for (String planId : plans) {
            producer.send(Topics.MIGRATION_DECISIONS, planId, BenchEvents.approved(planId, now, 3_600_000, 3_600_000));
        }
        producer.flush();
        double judged = judged(monitor);
        for (String planId : plans) {
            producer.send(Topics.WORKLOAD_METRICS, planId, BenchEvents.healthy(planId, now, 25));
        }
        producer.flush();
        if (!Waits.until(() -> judged(monitor) >= judged + plans.size(),
                Duration.ofSeconds(120), 20)) {
            throw new IllegalStateException("the monitor did not make the trial plans live within 120 s");
        }
    }

    private static double judged(Apps.App monitor) {
        return monitor.meters().counter("spotshift.monitor.samples.judged").count();
    }
}
