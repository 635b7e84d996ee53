package dev.spotshift.cloud.sim;

import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.OnDemandPriceList;
import java.util.List;
import java.util.Map;

/** The simulated world's regions and zones; prices come from the shared {@link OnDemandPriceList}. */
final class Catalog {

    private static final Map<String, List<String>> ZONES = Map.of(
            "us-east-1", List.of("us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1f"),
            "us-east-2", List.of("us-east-2a", "us-east-2b", "us-east-2c"));

    private Catalog() {
    }

    static List<String> zones(String operation, String region) {
        List<String> zones = ZONES.get(region);
        if (zones == null) {
            throw new CloudException(operation, CloudException.Kind.NOT_FOUND,
                    "unknown region '" + region + "' (simulated: " + ZONES.keySet() + ")");
        }
        return zones;
    }

    static long onDemandMicros(String operation, String region, String instanceType) {
        zones(operation, region);
        return OnDemandPriceList.priceMicros(operation, region, instanceType);
    }

    static void checkZone(String operation, String region, String zone) {
        if (zone != null && !zones(operation, region).contains(zone)) {
            throw new CloudException(operation, CloudException.Kind.NOT_FOUND,
                    "unknown availability zone '" + zone + "' in " + region);
        }
    }
}
