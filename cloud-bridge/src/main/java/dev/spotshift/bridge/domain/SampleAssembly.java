package dev.spotshift.bridge.domain;

import dev.spotshift.bridge.domain.MetricWindows.Window;
import dev.spotshift.cloud.InstanceInfo;
import dev.spotshift.cloud.Lifecycle;
import dev.spotshift.cloud.MetricPoint;
import dev.spotshift.cloud.MetricSeries;
import dev.spotshift.cloud.ShadowCapacity;
import dev.spotshift.cloud.SpotPricePoint;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * One plan's MetricSample from what CloudWatch and EC2 say about an interval.
 *
 * <p>What is missing decides: a sample is published only when every figure in it is a measurement. No CPU
 * datapoint, no running instance, or no price for a running instance -> no sample, with the reason (a made-up
 * 0 % CPU or a cost at the wrong price would be judged by the monitor as if it were true). Absent job series
 * mean no job finished: CloudWatch has no Sum datapoint for a period nobody put data in, and the monitor weighs
 * job times by jobs, so a sample with zero jobs changes no job figure. Jobs that finished without a
 * {@value WorkloadMetricsConvention#JOB_DURATION} datapoint -> no sample: a mean of 0 ms would pass every gate.
 */
public final class SampleAssembly {

    public sealed interface Result permits Sample, NoSample {
    }

    public record Sample(SampleFigures figures) implements Result {
    }

    public record NoSample(String reason) implements Result {
    }

    private static final double MILLIS_PER_HOUR = 3_600_000.0;

    private SampleAssembly() {
    }

    /**
     * @param series     the answer to {@link WorkloadMetricsConvention#queries} over the window
     * @param capacity   the plan's instances (the group's and any replacement tagged with the plan)
     * @param spotPrices spot price changes of the pools in use, up to the window's end
     * @param onDemand   the on-demand hourly price of a type, empty when unknown
     */
    public static Result assemble(LivePlan plan, Window window, List<MetricSeries> series, List<InstanceInfo> capacity,
                                  List<SpotPricePoint> spotPrices, Function<String, OptionalLong> onDemand) {
        // The plan's shadow capacity serves no one: it is neither the serving share nor the serving cost.
        return assemble(plan, window, series, capacity.stream().filter(i -> !isShadow(i)).toList(), spotPrices,
                onDemand, false);
    }

    /**
     * The plan's shadow run over the interval: {@code series} the answer to
     * {@link WorkloadMetricsConvention#shadowQueries}, costed on the plan's shadow instances of {@code capacity} (and
     * only those); the mismatches the workload counted are the sample's data inconsistencies.
     */
    public static Result assembleShadow(LivePlan plan, Window window, List<MetricSeries> series,
                                        List<InstanceInfo> capacity, List<SpotPricePoint> spotPrices,
                                        Function<String, OptionalLong> onDemand) {
        return assemble(plan, window, series, capacity.stream().filter(SampleAssembly::isShadow).toList(), spotPrices,
                onDemand, true);
    }

    /** An instance launched as shadow capacity ({@code ShadowCapacity}'s role tag). */
    public static boolean isShadow(InstanceInfo i) {
        return ShadowCapacity.SHADOW_ROLE.equals(i.tags().get(ShadowCapacity.ROLE_TAG));
    }

    private static Result assemble(LivePlan plan, Window window, List<MetricSeries> series,
                                   List<InstanceInfo> capacity, List<SpotPricePoint> spotPrices,
                                   Function<String, OptionalLong> onDemand, boolean shadow) {
        Map<String, MetricSeries> byId = new HashMap<>();
        series.forEach(s -> byId.put(s.id(), s));
        String where = (shadow ? "the shadow run of " : "") + "group " + plan.groupName() + " in [" + window.from()
                + ", " + window.to() + ")";

        List<InstanceInfo> running = distinct(capacity).stream().filter(InstanceInfo::isActive).toList();
        if (running.isEmpty()) {
            return new NoSample("no running " + (shadow ? "shadow " : "") + "instance in " + where);
        }
        List<MetricPoint> cpu = points(byId, WorkloadMetricsConvention.CPU_ID);
        if (cpu.isEmpty()) {
            return new NoSample("no CPUUtilization datapoint for " + where);
        }
        double cpuPercent = Math.max(0, Math.min(100, cpu.get(cpu.size() - 1).value()));
        long completed = Math.round(sum(points(byId, WorkloadMetricsConvention.COMPLETED_ID)));
        long failed = Math.round(sum(points(byId, WorkloadMetricsConvention.FAILED_ID)));
        List<MetricPoint> durations = points(byId, WorkloadMetricsConvention.DURATION_ID);
        if (completed > 0 && durations.isEmpty()) {
            return new NoSample(completed + " jobs completed but no " + WorkloadMetricsConvention.JOB_DURATION
                    + " datapoint for " + where);
        }
        long meanJobMillis = completed == 0 ? 0 : Math.round(sum(durations) / durations.size());

        Map<String, Long> latestSpot = latestSpotPrices(spotPrices, window);
        double hours = window.length().toMillis() / MILLIS_PER_HOUR;
        double cost = 0;
        double onDemandCost = 0;
        int spot = 0;
        for (InstanceInfo i : running) {
            OptionalLong od = onDemand.apply(i.instanceType());
            if (od.isEmpty()) {
                return new NoSample("no on-demand price for " + i.instanceType() + " (" + i.instanceId() + ")");
            }
            long hourly = od.getAsLong();
            if (i.lifecycle() == Lifecycle.SPOT) {
                spot++;
                Long price = latestSpot.get(pool(i.instanceType(), i.availabilityZone()));
                if (price == null) {
                    return new NoSample("no spot price for " + i.instanceType() + " in " + i.availabilityZone()
                            + " (" + i.instanceId() + ") up to " + window.to());
                }
                hourly = price;
            }
            cost += hourly * hours;
            onDemandCost += od.getAsLong() * hours;
        }
        int spotPercent = (int) Math.round(100.0 * spot / running.size());
        long mismatches = shadow ? Math.round(sum(points(byId, WorkloadMetricsConvention.MISMATCHES_ID))) : 0;
        return new Sample(new SampleFigures(plan.planId(), window.length().toMillis(), clampInt(completed),
                clampInt(failed), meanJobMillis, cpuPercent, Math.round(cost), Math.round(onDemandCost), spotPercent,
                shadow, clampInt(mismatches), List.of()));
    }

    private static List<InstanceInfo> distinct(List<InstanceInfo> capacity) {
        Map<String, InstanceInfo> byId = new LinkedHashMap<>();
        capacity.forEach(i -> byId.putIfAbsent(i.instanceId(), i));
        return List.copyOf(byId.values());
    }

    /** The price in effect at the window's end for each pool (AWS includes the price in effect at 'from'). */
    private static Map<String, Long> latestSpotPrices(List<SpotPricePoint> points, Window window) {
        Map<String, SpotPricePoint> latest = new HashMap<>();
        for (SpotPricePoint p : points) {
            if (p.at().isAfter(window.to())) {
                continue;
            }
            latest.merge(pool(p.instanceType(), p.availabilityZone()), p, (a, b) -> b.at().isAfter(a.at()) ? b : a);
        }
        Map<String, Long> prices = new HashMap<>();
        latest.forEach((k, v) -> prices.put(k, v.priceMicros()));
        return prices;
    }

    private static String pool(String type, String zone) {
        return type + "@" + zone;
    }

    private static List<MetricPoint> points(Map<String, MetricSeries> byId, String id) {
        MetricSeries s = byId.get(id);
        return s == null ? List.of() : s.points();
    }

    private static double sum(List<MetricPoint> points) {
        return points.stream().mapToDouble(MetricPoint::value).sum();
    }

    private static int clampInt(long v) {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, v));
    }
}
