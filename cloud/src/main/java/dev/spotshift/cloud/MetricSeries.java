package dev.spotshift.cloud;

import java.util.List;
import java.util.Objects;

/** The answer for one {@link MetricQuery}: points oldest first. {@code complete} false when CloudWatch truncated it. */
public record MetricSeries(String id, String label, List<MetricPoint> points, boolean complete) {
    public MetricSeries {
        Objects.requireNonNull(id, "id");
        points = List.copyOf(points);
    }
}
