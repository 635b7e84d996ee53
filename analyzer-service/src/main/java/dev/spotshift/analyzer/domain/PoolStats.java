package dev.spotshift.analyzer.domain;

import dev.spotshift.cloud.SpotPricePoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One spot pool (type x zone) over the lookback: current, mean, min and max price and the
 * variation (max-min)/mean in percent. The mean is time-weighted: a price that held for 20 hours
 * counts more than one that held for a minute, which is what a running instance pays.
 */
public record PoolStats(String instanceType, String availabilityZone, long currentMicros, long meanMicros,
                        long minMicros, long maxMicros, double variationPercent) {

    /** Stats per zone of the points in [from, to]; the point in effect at {@code from} counts from {@code from}. */
    public static List<PoolStats> of(List<SpotPricePoint> history, java.time.Instant from, java.time.Instant to) {
        Map<String, List<SpotPricePoint>> byZone = new LinkedHashMap<>();
        history.stream().sorted(Comparator.comparing(SpotPricePoint::at))
                .forEach(p -> byZone.computeIfAbsent(p.availabilityZone(), z -> new ArrayList<>()).add(p));
        List<PoolStats> out = new ArrayList<>();
        byZone.forEach((zone, points) -> pool(points, from, to).ifPresent(out::add));
        return out;
    }

    private static java.util.Optional<PoolStats> pool(List<SpotPricePoint> points, java.time.Instant from, java.time.Instant to) {
        List<SpotPricePoint> inWindow = new ArrayList<>();
        SpotPricePoint inEffect = null;
        for (SpotPricePoint p : points) {
            if (p.at().isAfter(to)) {
                break;
            }
            if (p.at().isAfter(from)) {
                inWindow.add(p);
            } else {
                inEffect = p;
            }
        }
        if (inEffect != null) {
            inWindow.add(0, new SpotPricePoint(inEffect.instanceType(), inEffect.availabilityZone(), from, inEffect.priceMicros()));
        }
        if (inWindow.isEmpty()) {
            return java.util.Optional.empty();
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        double weighted = 0;
        long totalMillis = 0;
        for (int i = 0; i < inWindow.size(); i++) {
            SpotPricePoint p = inWindow.get(i);
            min = Math.min(min, p.priceMicros());
            max = Math.max(max, p.priceMicros());
            java.time.Instant end = i + 1 < inWindow.size() ? inWindow.get(i + 1).at() : to;
            long held = Math.max(0, end.toEpochMilli() - p.at().toEpochMilli());
            weighted += (double) p.priceMicros() * held;
            totalMillis += held;
        }
        long mean = totalMillis == 0
                ? Math.round(inWindow.stream().mapToLong(SpotPricePoint::priceMicros).average().orElse(0))
                : Math.round(weighted / totalMillis);
        double variation = mean == 0 ? 0 : (max - min) * 100.0 / mean;
        SpotPricePoint last = inWindow.get(inWindow.size() - 1);
        return java.util.Optional.of(new PoolStats(last.instanceType(), last.availabilityZone(), last.priceMicros(), mean, min, max, variation));
    }
}
