package dev.spotshift.bench;

import dev.spotshift.events.MetricSample;
import dev.spotshift.schemas.EventSerdes;
import dev.spotshift.schemas.Topics;
import io.apicurio.registry.serde.avro.AvroSerde;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/**
 * Benchmark 10: what the registry serde costs per record, as the services configured it before (Apicurio's default
 * schema resolver and datum provider: a registry lookup by content and the schema's text rendered for every record
 * written, a new Avro reader resolved for every record read) and as now ({@link EventSerdes#CACHING}). Both against the
 * same registry in this JVM, in alternating rounds, so the machine's load weighs on both alike; CPU time of this
 * thread per record written and read back (a {@link MetricSample}, the monitor's input).
 */
final class SerdeCost {

    static final String BENCH = "10 registry serde per record";
    private static final int ROUNDS = 5;

    private final Clients clients;

    SerdeCost(Clients clients) {
        this.clients = clients;
    }

    List<Row> run(BenchConfig config) {
        int records = config.mode().equals("smoke") ? 500 : 20_000;
        Map<String, Object> cached = EventSerdes.config(clients.registryUrl(), true);
        Map<String, Object> before = new HashMap<>(cached);
        EventSerdes.CACHING.keySet().forEach(before::remove);
        Serde<Object> old = serde(before);
        Serde<Object> now = serde(cached);
        String topic = Topics.WORKLOAD_METRICS.name();
        List<MetricSample> samples = new ArrayList<>();
        Instant at = Instant.now();
        for (int i = 0; i < 200; i++) {
            samples.add(BenchEvents.healthy("serde-cost-" + i, at.plusMillis(i), 25));
        }
        // warm both (first lookups, class loading, JIT) before any round is timed
        cost(old, topic, samples, records / 4);
        cost(now, topic, samples, records / 4);
        List<Double> oldMicros = new ArrayList<>();
        List<Double> newMicros = new ArrayList<>();
        for (int r = 0; r < ROUNDS; r++) {
            oldMicros.add(cost(old, topic, samples, records));
            newMicros.add(cost(now, topic, samples, records));
        }
        List<Double> ratio = new ArrayList<>();
        for (int r = 0; r < ROUNDS; r++) {
            ratio.add(newMicros.get(r) / oldMicros.get(r));
        }
        String note = records + " MetricSamples written and read back per round, " + ROUNDS + " alternating rounds;"
                + " CPU time of this thread; machine load " + Machine.loadAverage();
        return List.of(
                Row.measured(BENCH, "before: default resolver + datum provider", "CPU us/record", oldMicros, note),
                Row.measured(BENCH, "now: cached lookups and readers (EventSerdes.CACHING)", "CPU us/record", newMicros,
                        note),
                Row.measured(BENCH, "now / before", "ratio", ratio, "same round, same registry"));
    }

    private static Serde<Object> serde(Map<String, Object> config) {
        AvroSerde<Object> serde = new AvroSerde<>();
        serde.configure(config, false);
        return serde;
    }

    /** CPU microseconds per record written and read back. */
    private static double cost(Serde<Object> serde, String topic, List<MetricSample> samples, int records) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long t0 = threads.getCurrentThreadCpuTime();
        long check = 0;
        for (int i = 0; i < records; i++) {
            byte[] bytes = serde.serializer().serialize(topic, samples.get(i % samples.size()));
            Object back = serde.deserializer().deserialize(topic, bytes);
            check += back.hashCode() & 1; // used, so the read is not optimised away
        }
        long cpu = threads.getCurrentThreadCpuTime() - t0;
        if (check < 0) {
            throw new IllegalStateException("unreachable");
        }
        return cpu / 1000.0 / records;
    }
}
