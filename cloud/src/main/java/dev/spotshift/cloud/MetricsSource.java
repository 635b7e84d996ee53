package dev.spotshift.cloud;

import java.time.Instant;
import java.util.List;

/** Workload metrics (CloudWatch GetMetricData) for the CloudWatch -> MetricSample bridge. */
public interface MetricsSource {

    /** One series per query, in query order, covering [from, to). */
    List<MetricSeries> read(String region, List<MetricQuery> queries, Instant from, Instant to);
}
