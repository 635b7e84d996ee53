package dev.spotshift.analyzer.domain;

import dev.spotshift.cloud.InterruptionFrequency;
import dev.spotshift.cloud.PlacementScore;
import dev.spotshift.cloud.SpotPricePoint;
import java.util.List;

/**
 * What the cloud port said about one instance type in one region, gathered by the adapter so the
 * scoring stays plain. {@code onDemandPriceMicros} is null when the port does not know the type.
 */
public record TypeMarket(String instanceType, Long onDemandPriceMicros, InterruptionFrequency interruption,
                         List<SpotPricePoint> priceHistory, List<PlacementScore> placementScores) {

    public TypeMarket {
        priceHistory = List.copyOf(priceHistory);
        placementScores = List.copyOf(placementScores);
    }

    public static TypeMarket unknown(String instanceType) {
        return new TypeMarket(instanceType, null, null, List.of(), List.of());
    }

    public boolean known() {
        return onDemandPriceMicros != null && interruption != null;
    }

    /** Best placement score any zone (or the region) gave; 0 when none. */
    public int bestPlacementScore() {
        return placementScores.stream().mapToInt(PlacementScore::score).max().orElse(0);
    }
}
