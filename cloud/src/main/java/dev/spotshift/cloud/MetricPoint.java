package dev.spotshift.cloud;

import java.time.Instant;
import java.util.Objects;

/** One value of a metric series at the start of its period. */
public record MetricPoint(Instant at, double value) {
    public MetricPoint {
        Objects.requireNonNull(at, "at");
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("value must be a number");
        }
    }
}
