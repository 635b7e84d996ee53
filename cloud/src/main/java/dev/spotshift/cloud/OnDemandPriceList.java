package dev.spotshift.cloud;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Linux on-demand list prices (per hour) of the families Spotshift moves, for us-east-1 and us-east-2 (equal for
 * these families). Why a table: the Pricing API is a sixth client, answers only from two regions and changes
 * rarely; the simulated market and the AWS market share one source so the demo and production agree.
 * Sizes scale linearly from .large, as AWS prices them.
 */
public final class OnDemandPriceList {

    public static final List<String> REGIONS = List.of("us-east-1", "us-east-2");

    /** Micro-USD per hour of the .large size. */
    private static final Map<String, Long> LARGE_PRICE_MICROS = Map.of(
            "m5", 96_000L, "m5a", 86_000L, "m5n", 119_000L,
            "c5", 85_000L, "c5a", 77_000L, "c5n", 108_000L,
            "r5", 126_000L);

    private static final Map<String, Integer> SIZE_FACTOR = new LinkedHashMap<>();

    static {
        SIZE_FACTOR.put("large", 1);
        SIZE_FACTOR.put("xlarge", 2);
        SIZE_FACTOR.put("2xlarge", 4);
        SIZE_FACTOR.put("4xlarge", 8);
        SIZE_FACTOR.put("8xlarge", 16);
    }

    private OnDemandPriceList() {
    }

    /** The hourly price; {@link CloudException} NOT_FOUND names an unknown region or type. */
    public static long priceMicros(String operation, String region, String instanceType) {
        if (!REGIONS.contains(region)) {
            throw new CloudException(operation, CloudException.Kind.NOT_FOUND,
                    "unknown region '" + region + "' (price list covers " + REGIONS + ")");
        }
        int dot = instanceType == null ? -1 : instanceType.indexOf('.');
        Long family = dot < 0 ? null : LARGE_PRICE_MICROS.get(instanceType.substring(0, dot));
        Integer factor = dot < 0 ? null : SIZE_FACTOR.get(instanceType.substring(dot + 1));
        if (family == null || factor == null) {
            throw new CloudException(operation, CloudException.Kind.NOT_FOUND,
                    "unknown instance type '" + instanceType + "' in " + region);
        }
        return family * factor;
    }
}
