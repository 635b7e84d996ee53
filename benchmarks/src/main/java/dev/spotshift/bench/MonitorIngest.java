package dev.spotshift.bench;

import dev.spotshift.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Benchmark 2: MetricSamples per second through the real monitor topology (exactly_once_v2, registry serdes,
 * RocksDB stores, a status record written per sample), from a backlog, as a ratio to a plain consumer reading
 * the same backlog in the same repeat. Both clocks start at the first record, so start-up and the first
 * rebalance are not counted against either.
 */
public final class MonitorIngest {

    static final String BENCH = "2 monitor ingest";
    /** The monitor's input topics, as its topology subscribes them. */
    static final List<String> INPUTS = List.of(Topics.MIGRATION_PLANS.name(), Topics.SPOT_ASSESSMENTS.name(),
            Topics.AGENT_VOTES.name(), Topics.MIGRATION_DECISIONS.name(), Topics.ROLLOUT_EVENTS.name(),
            Topics.WORKLOAD_METRICS.name());

    private final Clients clients;
    private final RawKafka raw;
    /** The last repeat's monitor, caught up and left running for the breach latency measure. */
    private Apps.App warm;

    MonitorIngest(Clients clients, RawKafka raw) {
        this.clients = clients;
        this.raw = raw;
    }

    Apps.App takeWarmMonitor() {
        Apps.App app = warm;
        warm = null;
        return app;
    }

    List<Row> run(BenchConfig config) {
        preload(config.ingestSamples(), config.ingestPlans());
        Map<TopicPartition, Long> end = raw.endOffsets(INPUTS);
        Map<TopicPartition, Long> begin = new java.util.HashMap<>();
        end.keySet().forEach(tp -> begin.put(tp, 0L));
        long samplesInLog = end.entrySet().stream()
                .filter(e -> e.getKey().topic().equals(Topics.WORKLOAD_METRICS.name())).mapToLong(Map.Entry::getValue).sum();
        List<Double> rawRates = new ArrayList<>();
        List<Double> decodingRates = new ArrayList<>();
        List<Double> decodingRatios = new ArrayList<>();
        List<Double> monitorRates = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<String> loads = new ArrayList<>();
        for (int i = 0; i < config.repeats(); i++) {
            loads.add(Machine.loadAverage().split(" ")[0]);
            double rawRate = raw.consume(begin, end);
            double decodingRate = raw.consumeDecoding(begin, end);
            Apps.App app = Apps.monitor(clients, "earliest");
            double rate = samplesPerSecond(app, samplesInLog);
            rawRates.add(rawRate);
            monitorRates.add(rate);
            ratios.add(rate / rawRate);
            decodingRates.add(decodingRate);
            decodingRatios.add(rate / decodingRate);
            if (i == config.repeats() - 1) {
                warm = app;
            } else {
                app.close();
            }
        }
        String note = samplesInLog + " samples of " + config.ingestPlans() + " live plans in the backlog";
        return List.of(
                Row.measured(BENCH, "raw consume of the same input", "rec/s", rawRates, "plain consumer, read_committed"),
                Row.measured(BENCH, "consume decoding the same input", "rec/s", decodingRates,
                        "plain consumer, read_committed, each value decoded by its topic's registry serde (cached)"),
                Row.measured(BENCH, "monitor ingest", "samples/s", monitorRates, note + "; exactly_once_v2"),
                Row.measured(BENCH, "monitor / raw consume", "ratio", ratios, "same backlog, same repeat; 1-min load at"
                        + " each repeat's start " + loads).atLeast(0.5),
                Row.measured(BENCH, "monitor / decoding consume", "ratio", decodingRatios, "a second baseline, no goal:"
                        + " the same backlog read and Avro-decoded; same repeats and loads"));
    }

    private double samplesPerSecond(Apps.App app, long samples) {
        Duration limit = Duration.ofSeconds(Math.max(120, samples / 100));
        if (!Waits.until(() -> app.samplesTakenIn() > 0, Duration.ofSeconds(120), 5)) {
            app.close();
            throw new IllegalStateException("the monitor took in no sample within 120 s");
        }
        long t0 = System.nanoTime();
        long first = app.samplesTakenIn();
        if (!Waits.until(() -> app.samplesTakenIn() >= samples, limit, 10)) {
            throw new IllegalStateException("the monitor took in " + app.samplesTakenIn() + " of " + samples
                    + " samples within " + limit);
        }
        return (app.samplesTakenIn() - first) / RawKafka.seconds(t0);
    }

    /** Approved plans, then their samples round-robin, one second apart per plan and in the past. */
    private void preload(int samples, int plans) {
        int perPlan = Math.max(1, samples / plans);
        Instant start = Instant.now().minusSeconds(perPlan + 60L);
        try (Clients.EventProducer p = clients.eventProducer()) {
            for (int i = 0; i < plans; i++) {
                String planId = planId(i);
                p.send(Topics.MIGRATION_DECISIONS, planId, BenchEvents.approved(planId, start.minusSeconds(1),
                        3_600_000, 3_600_000));
            }
            for (int k = 0; k < samples; k++) {
                String planId = planId(k % plans);
                Instant at = start.plusSeconds(k / plans);
                p.send(Topics.WORKLOAD_METRICS, planId, BenchEvents.healthy(planId, at, 25));
            }
            p.flush();
        }
    }

    private static String planId(int i) {
        return String.format("ingest-%05d", i);
    }
}
