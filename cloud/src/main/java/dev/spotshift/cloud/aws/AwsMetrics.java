package dev.spotshift.cloud.aws;

import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.MetricPoint;
import dev.spotshift.cloud.MetricQuery;
import dev.spotshift.cloud.MetricSeries;
import dev.spotshift.cloud.MetricsSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

/** CloudWatch GetMetricData, pages merged per query id, turned into plain series. */
final class AwsMetrics implements MetricsSource {

    private static final String OP = "cloudwatch:GetMetricData";
    private final AwsClients clients;

    AwsMetrics(AwsClients clients) {
        this.clients = clients;
    }

    /**
     * Dimensions go out in name order: CloudWatch matches them as a set, but moto (the tests' emulator) compares them in
     * the order sent, and a query built from an unordered map then matched on some runs and not on others.
     */
    @Override
    public List<MetricSeries> read(String region, List<MetricQuery> queries, Instant from, Instant to) {
        List<MetricDataQuery> wire = queries.stream().map(q -> MetricDataQuery.builder().id(q.id())
                .metricStat(s -> s.stat(q.stat()).period((int) q.period().getSeconds())
                        .metric(m -> m.namespace(q.namespace()).metricName(q.metricName())
                                .dimensions(q.dimensions().entrySet().stream()
                                        .sorted(Map.Entry.comparingByKey())
                                        .map(e -> Dimension.builder().name(e.getKey()).value(e.getValue()).build())
                                        .toList())))
                .returnData(true).build()).toList();
        List<MetricDataResult> results = clients.call(region, OP, () -> {
            List<MetricDataResult> all = new ArrayList<>();
            clients.in(region).cloudWatch().getMetricDataPaginator(GetMetricDataRequest.builder()
                    .metricDataQueries(wire).startTime(from).endTime(to).build()).metricDataResults().forEach(all::add);
            return all;
        });
        Map<String, List<MetricPoint>> points = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, Boolean> complete = new LinkedHashMap<>();
        for (int n = 0; n < results.size(); n++) {
            MetricDataResult r = results.get(n);
            String where = "metricDataResults[" + n + "]";
            if (r.id() == null) {
                throw CloudException.invalidAnswer(OP, where + ".id", "is missing");
            }
            if (r.timestamps().size() != r.values().size()) {
                throw CloudException.invalidAnswer(OP, where + ".values", "has " + r.values().size()
                        + " values for " + r.timestamps().size() + " timestamps");
            }
            List<MetricPoint> list = points.computeIfAbsent(r.id(), k -> new ArrayList<>());
            for (int i = 0; i < r.timestamps().size(); i++) {
                Double value = r.values().get(i);
                if (r.timestamps().get(i) == null || value == null || value.isNaN()) {
                    throw CloudException.invalidAnswer(OP, where + ".values[" + i + "]", "is missing or not a number");
                }
                list.add(new MetricPoint(r.timestamps().get(i), value));
            }
            labels.putIfAbsent(r.id(), r.label());
            complete.merge(r.id(), r.statusCode() == StatusCode.COMPLETE, Boolean::logicalAnd);
        }
        List<MetricSeries> series = new ArrayList<>();
        for (MetricQuery q : queries) {
            List<MetricPoint> list = points.getOrDefault(q.id(), List.of());
            series.add(new MetricSeries(q.id(), labels.getOrDefault(q.id(), q.metricName()),
                    list.stream().sorted(Comparator.comparing(MetricPoint::at)).toList(),
                    complete.getOrDefault(q.id(), true)));
        }
        return series;
    }
}
