package dev.spotshift.cloud.sim;

import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.MetricPoint;
import dev.spotshift.cloud.MetricQuery;
import dev.spotshift.cloud.MetricSeries;
import dev.spotshift.cloud.MetricsSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Seeded metrics: CPUUtilization of a group wanders between 35 and 55 %, other metrics exist only once a scenario
 * sets them ({@link #set}). A set value overrides the seeded one from its start time on.
 */
public final class SimulatedMetrics implements MetricsSource {

    private record Setting(Instant from, double value) {
    }

    private final long seed;
    private final Map<String, List<Setting>> overrides = new ConcurrentHashMap<>();

    SimulatedMetrics(long seed) {
        this.seed = seed;
    }

    /** From {@code from} on, the metric (namespace, name, dimensions) reads {@code value}. */
    public void set(String namespace, String metricName, Map<String, String> dimensions, Instant from, double value) {
        overrides.computeIfAbsent(key(namespace, metricName, dimensions), k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                .add(new Setting(from, value));
    }

    @Override
    public List<MetricSeries> read(String region, List<MetricQuery> queries, Instant from, Instant to) {
        Catalog.zones("cloudwatch:GetMetricData", region);
        if (!to.isAfter(from)) {
            throw new CloudException("cloudwatch:GetMetricData", CloudException.Kind.INVALID_REQUEST,
                    "'to' " + to + " must be after 'from' " + from);
        }
        List<MetricSeries> result = new ArrayList<>();
        for (MetricQuery q : queries) {
            long period = q.period().getSeconds();
            List<MetricPoint> points = new ArrayList<>();
            long first = Math.floorDiv(from.getEpochSecond() + period - 1, period);
            for (long slot = first; slot * period < to.getEpochSecond(); slot++) {
                Instant at = Instant.ofEpochSecond(slot * period);
                Double value = valueAt(q, at, slot);
                if (value != null) {
                    points.add(new MetricPoint(at, value));
                }
            }
            result.add(new MetricSeries(q.id(), q.metricName(), points, true));
        }
        return result;
    }

    private Double valueAt(MetricQuery q, Instant at, long slot) {
        Setting latest = null;
        for (Setting o : overrides.getOrDefault(key(q.namespace(), q.metricName(), q.dimensions()), List.of())) {
            if (!o.from().isAfter(at) && (latest == null || !o.from().isBefore(latest.from()))) {
                latest = o;
            }
        }
        if (latest != null) {
            return latest.value();
        }
        if ("CPUUtilization".equals(q.metricName())) {
            return 35.0 + 20.0 * Hashing.unit(seed, "cpu", new java.util.TreeMap<>(q.dimensions()), slot);
        }
        return null;
    }

    private static String key(String namespace, String metricName, Map<String, String> dimensions) {
        return namespace + "|" + metricName + "|" + new java.util.TreeMap<>(dimensions);
    }
}
