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
 * the same backlog in the same repeat. Both clocks start when the reader is ready to read and before its first
 * fetch: the plain consumer at its first poll (assigned, connected), the monitor at RUNNING (group joined, tasks
 * assigned, stores restored: empty here). Start-up and the first rebalance count against neither. The rule before
 * (both from the first record returned) left the plain consumer's first fetch, about a third of this backlog,
 * outside its clock while counting its records; its figures are still printed beside, without a goal.
 */
public final class MonitorIngest {

    static final String BENCH = "2 monitor ingest";
    /** The monitor's input topics, as its topology subscribes them. */
    static final List<String> INPUTS = List.of(Topics.MIGRATION_PLANS.name(), Topics.SPOT_ASSESSMENTS.name(),
            Topics.AGENT_VOTES.name(), Topics.MIGRATION_DECISIONS.name(), Topics.ROLLOUT_EVENTS.name(),
            Topics.WORKLOAD_METRICS.name());

    private final Clients clients;
    private final RawKafka raw;
    /** Repeats whose tasks took in samples before the instance reported RUNNING, and by how much. */
    private final List<String> earlyStarts = new ArrayList<>();
    /** The same for the pass-through app. */
    private final List<String> passThroughEarly = new ArrayList<>();
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
        List<Double> passThroughRates = new ArrayList<>();
        List<Double> passThroughRatios = new ArrayList<>();
        List<Double> monitorToPassThrough = new ArrayList<>();
        List<Double> rawFromFirstRecord = new ArrayList<>();
        List<Double> ratiosFromFirstRecord = new ArrayList<>();
        List<String> loads = new ArrayList<>();
        for (int i = 0; i < config.repeats(); i++) {
            loads.add(Machine.loadAverage().split(" ")[0]);
            RawKafka.Read rawRead = raw.consume(begin, end);
            double rawRate = rawRead.fromFirstPoll();
            double decodingRate = raw.consumeDecoding(begin, end).fromFirstPoll();
            double passThroughRate = passThrough(rawRead.records());
            Apps.App app = Apps.monitor(clients, "earliest");
            double[] rate = perSecond(app, app::samplesTakenIn, samplesInLog, earlyStarts);
            passThroughRates.add(passThroughRate);
            passThroughRatios.add(passThroughRate / rawRate);
            monitorToPassThrough.add(rate[0] / passThroughRate);
            rawRates.add(rawRate);
            monitorRates.add(rate[0]);
            ratios.add(rate[0] / rawRate);
            decodingRates.add(decodingRate);
            decodingRatios.add(rate[0] / decodingRate);
            rawFromFirstRecord.add(rawRead.fromFirstRecord());
            ratiosFromFirstRecord.add(rate[1] / rawRead.fromFirstRecord());
            if (i == config.repeats() - 1) {
                warm = app;
            } else {
                app.close();
            }
        }
        String note = samplesInLog + " samples of " + config.ingestPlans() + " live plans in the backlog";
        return List.of(
                Row.measured(BENCH, "raw consume of the same input", "rec/s", rawRates, "plain consumer, read_committed;"
                        + " clock from its first poll (assigned and connected, first fetch included)"),
                Row.measured(BENCH, "consume decoding the same input", "rec/s", decodingRates,
                        "plain consumer, read_committed, each value decoded by its topic's registry serde (cached)"),
                Row.measured(BENCH, "monitor ingest", "samples/s", monitorRates, note + "; exactly_once_v2; clock from"
                        + " RUNNING (tasks assigned, stores restored) to the last sample taken in" + (earlyStarts.isEmpty()
                        ? "" : "; in " + earlyStarts.size() + " of " + config.repeats() + " repeats its tasks took in"
                        + " samples before the instance reported RUNNING (by " + earlyStarts + "): clock from the first"
                        + " sample seen, so the monitor's first fetch is outside its clock (one fetch of seconds)")),
                Row.measured(BENCH, "monitor / raw consume", "ratio", ratios, "same backlog, same repeat; 1-min load at"
                        + " each repeat's start " + loads).atLeast(0.5),
                Row.measured(BENCH, "monitor / decoding consume", "ratio", decodingRatios, "a second baseline, no goal:"
                        + " the same backlog read and Avro-decoded; same repeats and loads"),
                Row.measured(BENCH, "streams pass-through (EOS)", "rec/s", passThroughRates, "a Kafka Streams app"
                        + " with the monitor's inputs and settings (exactly_once_v2, commit every 100 ms) that counts"
                        + " each record as bytes and drops it: nothing decoded, no store, nothing written; every"
                        + " record of the inputs, as the raw consumer reads them; clock from RUNNING to the last"
                        + " record; same repeats" + (passThroughEarly.isEmpty() ? "" : "; in " + passThroughEarly.size()
                        + " repeats its tasks took in records before RUNNING (by " + passThroughEarly + "): clock from"
                        + " the first record seen")),
                Row.measured(BENCH, "streams pass-through / raw consume", "ratio", passThroughRatios, "no goal:"
                        + " what the exactly-once Streams runtime alone costs against a plain consumer; same backlog,"
                        + " same repeat"),
                Row.measured(BENCH, "monitor / streams pass-through", "ratio", monitorToPassThrough, "no goal:"
                        + " what the monitor's own work (decoding, judging, stores, outputs) costs on top of the"
                        + " Streams runtime; same backlog, same repeat"),
                Row.measured(BENCH, "raw consume, clock from its first record (rule before)", "rec/s",
                        rawFromFirstRecord, "no goal; the first fetch arrives before this clock starts"),
                Row.measured(BENCH, "monitor / raw consume, both from the first record (rule before)", "ratio",
                        ratiosFromFirstRecord, "no goal; the goal row above times both from ready-to-read"));
    }

    /** Records/s of the pass-through app over the whole backlog (the {@code records} the raw consumer read). */
    private double passThrough(long records) {
        java.util.concurrent.atomic.AtomicLong seen = new java.util.concurrent.atomic.AtomicLong();
        try (Apps.App app = Apps.passThrough(clients, seen)) {
            return perSecond(app, seen::get, records, passThroughEarly)[0];
        }
    }

    /**
     * Per second from RUNNING (the fair rule) and, as before, from the first item the harness saw taken in:
     * {@code taken} counts what the app has taken in (the monitor's samples, the pass-through's records).
     */
    private double[] perSecond(Apps.App app, java.util.function.LongSupplier taken, long samples, List<String> early) {
        Duration limit = Duration.ofSeconds(Math.max(120, samples / 100));
        if (!Waits.until(() -> taken.getAsLong() > 0, Duration.ofSeconds(120), 1)) {
            app.close();
            throw new IllegalStateException(app.applicationId() + " took in nothing within 120 s");
        }
        long t0 = System.nanoTime();
        long first = taken.getAsLong();
        if (!Waits.until(() -> taken.getAsLong() >= samples, limit, 2)) {
            throw new IllegalStateException(app.applicationId() + " took in " + taken.getAsLong() + " of " + samples
                    + " within " + limit);
        }
        long done = System.nanoTime();
        long running = app.firstRunningNanos();
        // A task may process once its own stores are restored, before the whole instance reports RUNNING: then the
        // clock starts at the first sample seen (polled each ms, so at most a millisecond's samples counted early).
        long ready = running == 0 ? t0 : Math.min(running, t0);
        if (running == 0 || running > t0) {
            System.out.printf("[bench] %s: first sample taken in %.1f ms before RUNNING; clock from that sample%n",
                    BENCH, running == 0 ? Double.NaN : (running - t0) / 1e6);
            early.add(running == 0 ? "never RUNNING" : String.format("%.0f ms", (running - t0) / 1e6));
        }
        double fromRunning = taken.getAsLong() / ((done - ready) / 1e9);
        return new double[] {fromRunning, (taken.getAsLong() - first) / ((done - t0) / 1e9)};
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
