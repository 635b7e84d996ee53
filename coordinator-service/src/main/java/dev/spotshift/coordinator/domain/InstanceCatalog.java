package dev.spotshift.coordinator.domain;

import dev.spotshift.coordinator.domain.InstanceType.Processor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The instance types the performance agent can reason about: the m5, c5 and r5 families and their
 * AMD ("a") and network-optimised ("n") variants, large to 4xlarge.
 *
 * <p>Core speeds are relative to an m5 vCPU: c5 runs a higher sustained clock, the AMD variants are
 * a few percent slower per vCPU. They are catalog estimates, which is why the agent's confidence
 * drops when it compares across families.
 */
public final class InstanceCatalog {

    private record Family(String name, int generation, Processor processor, double memoryPerVcpuGib,
                          double coreSpeed, double[] networkGbpsBySize) {}

    private static final String[] SIZES = {"large", "xlarge", "2xlarge", "4xlarge"};
    private static final int[] VCPUS = {2, 4, 8, 16};

    private static final Family[] FAMILIES = {
        new Family("m5", 5, Processor.INTEL, 4, 1.00, new double[] {10, 10, 10, 10}),
        new Family("m5a", 5, Processor.AMD, 4, 0.96, new double[] {10, 10, 10, 10}),
        new Family("m5n", 5, Processor.INTEL, 4, 1.00, new double[] {25, 25, 25, 25}),
        new Family("c5", 5, Processor.INTEL, 2, 1.10, new double[] {10, 10, 10, 10}),
        new Family("c5a", 5, Processor.AMD, 2, 1.06, new double[] {10, 10, 10, 10}),
        new Family("c5n", 5, Processor.INTEL, 2.625, 1.10, new double[] {25, 25, 25, 25}),
        new Family("r5", 5, Processor.INTEL, 8, 1.00, new double[] {10, 10, 10, 10}),
        new Family("r5a", 5, Processor.AMD, 8, 0.96, new double[] {10, 10, 10, 10}),
        new Family("r5n", 5, Processor.INTEL, 8, 1.00, new double[] {25, 25, 25, 25}),
        new Family("m6i", 6, Processor.INTEL, 4, 1.15, new double[] {12.5, 12.5, 12.5, 12.5}),
        new Family("c6i", 6, Processor.INTEL, 2, 1.25, new double[] {12.5, 12.5, 12.5, 12.5}),
    };

    private final Map<String, InstanceType> byName;

    private InstanceCatalog(Map<String, InstanceType> byName) {
        this.byName = Map.copyOf(byName);
    }

    /** The built-in catalog. */
    public static InstanceCatalog standard() {
        Map<String, InstanceType> types = new LinkedHashMap<>();
        for (Family f : FAMILIES) {
            for (int i = 0; i < SIZES.length; i++) {
                String name = f.name() + "." + SIZES[i];
                types.put(name, new InstanceType(name, f.name(), f.generation(), f.processor(), VCPUS[i],
                        VCPUS[i] * f.memoryPerVcpuGib(), f.networkGbpsBySize()[i], f.coreSpeed()));
            }
        }
        return new InstanceCatalog(types);
    }

    public Optional<InstanceType> find(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name.trim().toLowerCase()));
    }
}
