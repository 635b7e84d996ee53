package dev.spotshift.cloud;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One CloudWatch metric statistic to read. {@code id} names the series in the answer (CloudWatch wants it to
 * start with a lower-case letter); {@code stat} is Average, Sum, Maximum, Minimum, SampleCount or pNN.
 */
public record MetricQuery(String id, String namespace, String metricName, Map<String, String> dimensions,
                          String stat, Duration period) {
    public MetricQuery {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(metricName, "metricName");
        Objects.requireNonNull(stat, "stat");
        Objects.requireNonNull(period, "period");
        dimensions = dimensions == null ? Map.of() : Map.copyOf(dimensions);
        if (!id.matches("[a-z][a-zA-Z0-9_]*")) {
            throw new IllegalArgumentException("id must start lower-case and be alphanumeric: " + id);
        }
        if (period.getSeconds() < 1) {
            throw new IllegalArgumentException("period must be at least one second: " + period);
        }
    }

    /** The group's average CPU, the metric the seed's scaling rules watch. */
    public static MetricQuery groupCpu(String groupName, Duration period) {
        return new MetricQuery("cpu", "AWS/EC2", "CPUUtilization", Map.of("AutoScalingGroupName", groupName),
                "Average", period);
    }
}
