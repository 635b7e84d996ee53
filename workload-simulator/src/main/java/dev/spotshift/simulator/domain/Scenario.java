package dev.spotshift.simulator.domain;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the simulated world does to a migration. Faults are tied to the spot share the executor
 * reached (not to wall-clock time), so a scenario hits the same step however fast the services run.
 *
 * @param errorSpikeAtSpotPercent  from this spot share on, {@code failedJobsPerSample} jobs fail each sample (-1: never)
 * @param interruptionsAtSpotPercent one two-minute warning the first time each of these spot shares is reached
 * @param stormAtSpotPercent       from this share, {@code stormWarnings} warnings in a row, one per sample (-1: never)
 * @param priceSpikeAtSpotPercent  from this share, spot prices are multiplied by {@code priceSpikeFactor} (-1: never)
 */
public record Scenario(String name, String description, long baselineJobMillis, int jobsPerSample, double baselineCpuPercent,
                       int errorSpikeAtSpotPercent, int failedJobsPerSample, List<Integer> interruptionsAtSpotPercent,
                       int stormAtSpotPercent, int stormWarnings, int priceSpikeAtSpotPercent, double priceSpikeFactor) {

    /** A nightly ETL batch: jobs of about 42 s, 25 finishing per sample, CPU near 55 %. */
    private static Scenario etl(String name, String description) {
        return new Scenario(name, description, 42_000, 25, 55.0, -1, 0, List.of(), -1, 0, -1, 1.0);
    }

    public static final Scenario HAPPY = etl("happy", "no faults: the migration should go 25 -> 100 % and complete");
    public static final Scenario ERROR_SPIKE = with(etl("error-spike",
            "jobs start failing at 50 % spot: the monitor should roll back to on-demand"), 50, 3);
    public static final Scenario INTERRUPTION = new Scenario("interruption",
            "one two-minute warning at 50 % spot: checkpoint, replacement, then completion",
            42_000, 25, 55.0, -1, 0, List.of(50), -1, 0, -1, 1.0);
    public static final Scenario INTERRUPTION_STORM = new Scenario("interruption-storm",
            "a storm of warnings at 50 % spot, one per second", 42_000, 25, 55.0, -1, 0, List.of(), 50, 4, -1, 1.0);
    public static final Scenario PRICE_SPIKE = new Scenario("price-spike",
            "spot prices x2.2 from 50 % spot: savings per spot share fall below the plan's cost efficiency",
            42_000, 25, 55.0, -1, 0, List.of(), -1, 0, 50, 2.2);

    public static final List<Scenario> BUILT_IN = List.of(HAPPY, ERROR_SPIKE, INTERRUPTION, INTERRUPTION_STORM, PRICE_SPIKE);

    public Scenario {
        if (jobsPerSample < 1 || baselineJobMillis < 1) {
            throw new IllegalArgumentException("a workload runs at least one job of positive length per sample");
        }
        if (failedJobsPerSample > jobsPerSample) {
            throw new IllegalArgumentException("more failed jobs than jobs per sample");
        }
        if (priceSpikeFactor <= 0) {
            throw new IllegalArgumentException("a price spike factor must be positive");
        }
        interruptionsAtSpotPercent = List.copyOf(interruptionsAtSpotPercent);
    }

    private static Scenario with(Scenario s, int errorAt, int failed) {
        return new Scenario(s.name, s.description, s.baselineJobMillis, s.jobsPerSample, s.baselineCpuPercent, errorAt,
                failed, s.interruptionsAtSpotPercent, s.stormAtSpotPercent, s.stormWarnings, s.priceSpikeAtSpotPercent,
                s.priceSpikeFactor);
    }

    /** A built-in scenario by name ("storm" is short for interruption-storm). */
    public static Optional<Scenario> named(String name) {
        String n = name.toLowerCase(Locale.ROOT).trim();
        String wanted = n.equals("storm") ? INTERRUPTION_STORM.name : n;
        return BUILT_IN.stream().filter(s -> s.name.equals(wanted)).findFirst();
    }

    public static String names() {
        return String.join("|", BUILT_IN.stream().map(Scenario::name).toList());
    }
}
