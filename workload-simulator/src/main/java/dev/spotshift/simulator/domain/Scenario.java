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
 * @param spotPriceOfOnDemand      when positive, from {@code priceSpikeAtSpotPercent} on spot costs this fraction of
 *                                 on-demand whatever the market says, so the savings a scenario ends with are exact
 * @param shadowMismatch           in a shadow run, one job's output on the shadow spot capacity differs from on-demand
 * @param priceSpikeCalmsAfterStepBackMillis when 0 or more, the spike is over this long after the plan first steps
 *                                 back from its highest share (the market calms down once the rollback is in): the
 *                                 way to watch a return to spot; -1: the spike lasts
 * @param shadowJobMillisFactor    in a shadow run, the shadow spot capacity's jobs take this times as long as the
 *                                 serving on-demand ones (1.0: as long)
 */
public record Scenario(String name, String description, long baselineJobMillis, int jobsPerSample, double baselineCpuPercent,
                       int errorSpikeAtSpotPercent, int failedJobsPerSample, List<Integer> interruptionsAtSpotPercent,
                       int stormAtSpotPercent, int stormWarnings, int priceSpikeAtSpotPercent, double priceSpikeFactor,
                       double spotPriceOfOnDemand, boolean shadowMismatch, long priceSpikeCalmsAfterStepBackMillis,
                       double shadowJobMillisFactor) {

    public Scenario(String name, String description, long baselineJobMillis, int jobsPerSample, double baselineCpuPercent,
                    int errorSpikeAtSpotPercent, int failedJobsPerSample, List<Integer> interruptionsAtSpotPercent,
                    int stormAtSpotPercent, int stormWarnings, int priceSpikeAtSpotPercent, double priceSpikeFactor,
                    double spotPriceOfOnDemand, boolean shadowMismatch, long priceSpikeCalmsAfterStepBackMillis) {
        this(name, description, baselineJobMillis, jobsPerSample, baselineCpuPercent, errorSpikeAtSpotPercent,
                failedJobsPerSample, interruptionsAtSpotPercent, stormAtSpotPercent, stormWarnings,
                priceSpikeAtSpotPercent, priceSpikeFactor, spotPriceOfOnDemand, shadowMismatch,
                priceSpikeCalmsAfterStepBackMillis, 1.0);
    }

    public Scenario(String name, String description, long baselineJobMillis, int jobsPerSample, double baselineCpuPercent,
                    int errorSpikeAtSpotPercent, int failedJobsPerSample, List<Integer> interruptionsAtSpotPercent,
                    int stormAtSpotPercent, int stormWarnings, int priceSpikeAtSpotPercent, double priceSpikeFactor,
                    double spotPriceOfOnDemand, boolean shadowMismatch) {
        this(name, description, baselineJobMillis, jobsPerSample, baselineCpuPercent, errorSpikeAtSpotPercent,
                failedJobsPerSample, interruptionsAtSpotPercent, stormAtSpotPercent, stormWarnings,
                priceSpikeAtSpotPercent, priceSpikeFactor, spotPriceOfOnDemand, shadowMismatch, -1);
    }

    public Scenario(String name, String description, long baselineJobMillis, int jobsPerSample, double baselineCpuPercent,
                    int errorSpikeAtSpotPercent, int failedJobsPerSample, List<Integer> interruptionsAtSpotPercent,
                    int stormAtSpotPercent, int stormWarnings, int priceSpikeAtSpotPercent, double priceSpikeFactor,
                    double spotPriceOfOnDemand) {
        this(name, description, baselineJobMillis, jobsPerSample, baselineCpuPercent, errorSpikeAtSpotPercent,
                failedJobsPerSample, interruptionsAtSpotPercent, stormAtSpotPercent, stormWarnings,
                priceSpikeAtSpotPercent, priceSpikeFactor, spotPriceOfOnDemand, false);
    }

    public Scenario(String name, String description, long baselineJobMillis, int jobsPerSample, double baselineCpuPercent,
                    int errorSpikeAtSpotPercent, int failedJobsPerSample, List<Integer> interruptionsAtSpotPercent,
                    int stormAtSpotPercent, int stormWarnings, int priceSpikeAtSpotPercent, double priceSpikeFactor) {
        this(name, description, baselineJobMillis, jobsPerSample, baselineCpuPercent, errorSpikeAtSpotPercent,
                failedJobsPerSample, interruptionsAtSpotPercent, stormAtSpotPercent, stormWarnings,
                priceSpikeAtSpotPercent, priceSpikeFactor, 0.0);
    }

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
    /** Seed 001's cost criterion missed by five points: spot at 55 % of on-demand once the plan is all on spot. */
    public static final Scenario THIN_SAVINGS = new Scenario("thin-savings",
            "at 100 % spot, spot costs 55 % of on-demand: savings end at 45 %, under a 50 % success criterion",
            42_000, 25, 55.0, -1, 0, List.of(), -1, 0, 100, 1.0, 0.55);

    /** Seed 000's shadow run with error threshold 0: one job's shadow output differs, a data inconsistency. */
    public static final Scenario SHADOW_MISMATCH = new Scenario("shadow-mismatch",
            "in the shadow run one job's output on spot differs from on-demand: the monitor should roll back",
            42_000, 25, 55.0, -1, 0, List.of(), -1, 0, -1, 1.0, 0.0, true);

    /** Seed 000's shadow criterion (processing time <= baseline + 5 %): the shadow capacity's jobs take 10 % longer. */
    public static final Scenario SHADOW_SLOW = new Scenario("shadow-slow",
            "in the shadow run the jobs on spot take 10 % longer than on on-demand: the monitor should roll back",
            42_000, 25, 55.0, -1, 0, List.of(), -1, 0, -1, 1.0, 0.0, false, -1, 1.10);

    /** The price spike, over 5 s after the plan stepped back: the plan should return to spot after its hold-down. */
    public static final Scenario PRICE_SPIKE_PASSES = new Scenario("price-spike-passes",
            "spot prices x2.2 from 50 % spot until 5 s after the step back: the plan should return to spot after its hold-down",
            42_000, 25, 55.0, -1, 0, List.of(), -1, 0, 50, 2.2, 0.0, false, 5_000);

    /**
     * A storm across the primary region: from 50 % spot, two warnings to a pool, one per sample, in a pool of each of
     * the plan's types in turn (up to three types), then calm. Every type of the plan storms, so no pool of the region
     * is left to it: the plan goes on-demand there and, with a backup group, fails over.
     */
    public static final Scenario REGION_STORM = new Scenario("region-storm",
            "a storm across the primary region at 50 % spot: two warnings in a pool of each of the plan's types, then calm",
            42_000, 25, 55.0, -1, 0, List.of(), 50, 6, -1, 1.0);

    /**
     * The happy workload while the primary region runs out of spot capacity: the shortage is the cloud's, not the
     * workload's, so whoever runs the scenario sets it on the simulated market once the first step runs on spot (the
     * demo does, for a minute), and the plan's next step fails over to the backup region's group and comes back.
     */
    public static final Scenario SPOT_SHORTAGE = new Scenario("spot-shortage",
            "the primary region's spot capacity runs short after the first step: failover to the backup region and back",
            42_000, 25, 55.0, -1, 0, List.of(), -1, 0, -1, 1.0);

    public static final List<Scenario> BUILT_IN = List.of(HAPPY, ERROR_SPIKE, INTERRUPTION, INTERRUPTION_STORM, PRICE_SPIKE,
            THIN_SAVINGS, SHADOW_MISMATCH, SHADOW_SLOW, PRICE_SPIKE_PASSES, REGION_STORM, SPOT_SHORTAGE);

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
        if (spotPriceOfOnDemand < 0 || spotPriceOfOnDemand > 1) {
            throw new IllegalArgumentException("spot costs between nothing and on-demand");
        }
        if (shadowJobMillisFactor <= 0) {
            throw new IllegalArgumentException("shadow jobs take a positive time");
        }
        interruptionsAtSpotPercent = List.copyOf(interruptionsAtSpotPercent);
    }

    private static Scenario with(Scenario s, int errorAt, int failed) {
        return new Scenario(s.name, s.description, s.baselineJobMillis, s.jobsPerSample, s.baselineCpuPercent, errorAt,
                failed, s.interruptionsAtSpotPercent, s.stormAtSpotPercent, s.stormWarnings, s.priceSpikeAtSpotPercent,
                s.priceSpikeFactor, s.spotPriceOfOnDemand, s.shadowMismatch, s.priceSpikeCalmsAfterStepBackMillis,
                s.shadowJobMillisFactor);
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
