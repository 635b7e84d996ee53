package dev.spotshift.demo.chaos;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One fault a round injects. Service kills are SIGKILL followed by a restart on a fresh node; the broker and the
 * registry are stopped and started again on the same port and data; poison is bad records on every input topic.
 * {@code midRollout}: the fault waits for the round's first capacity change (analyzer and coordinator are hit
 * during intake and voting instead, where they work).
 */
public enum Fault {
    EXECUTOR("executor-service", true),
    MONITOR("monitor-service", true),
    COORDINATOR("coordinator-service", false),
    ANALYZER("analyzer-service", false),
    BROKER(null, true),
    REGISTRY(null, true),
    POISON(null, true),
    /** Two instances each of the executor and the monitor sharing the partitions; one of each killed mid-rollout. */
    REPLICAS(null, true);

    private final String service;
    private final boolean midRollout;

    Fault(String service, boolean midRollout) {
        this.service = service;
        this.midRollout = midRollout;
    }

    /** The service this fault kills, or null for an infrastructure or record fault. */
    String service() { return service; }

    boolean midRollout() { return midRollout; }

    public String label() { return name().toLowerCase(Locale.ROOT); }

    /** {@code executor,monitor,...}; {@code all} for every fault. */
    public static List<Fault> parse(String csv) {
        if (csv == null || csv.isBlank() || csv.trim().equalsIgnoreCase("all")) {
            return List.of(values());
        }
        List<Fault> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            String n = s.trim().toUpperCase(Locale.ROOT);
            out.add(Arrays.stream(values()).filter(f -> f.name().equals(n)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown fault '" + s.trim() + "'; one of "
                            + Arrays.stream(values()).map(Fault::label).toList())));
        }
        return List.copyOf(out);
    }
}
