package dev.spotshift.analyzer.domain;

import dev.spotshift.cloud.InterruptionFrequency;
import dev.spotshift.cloud.PlacementScore;
import dev.spotshift.cloud.SpotPricePoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Fixed price series for the scoring tests: one point per hour over the last 24 hours. */
final class Markets {

    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    private Markets() {}

    /** Hourly prices in micro-USD, oldest first, ending one hour before NOW. */
    static List<SpotPricePoint> hourly(String type, String zone, long... prices) {
        List<SpotPricePoint> out = new ArrayList<>();
        for (int i = 0; i < prices.length; i++) {
            out.add(new SpotPricePoint(type, zone, NOW.minus(Duration.ofHours(prices.length - i)), prices[i]));
        }
        return out;
    }

    static long[] flat(long price, int hours) {
        long[] p = new long[hours];
        java.util.Arrays.fill(p, price);
        return p;
    }

    static TypeMarket market(String type, long onDemand, InterruptionFrequency band, int placement, List<SpotPricePoint> history) {
        return new TypeMarket(type, onDemand, band, history, List.of(new PlacementScore("us-east-1", null, placement)));
    }
}
