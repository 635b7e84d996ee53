package dev.spotshift.simulator.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Turns a scenario and a plan's spot share into what the workload would report each interval.
 * Pure and seeded: the same seed, scenario and sequence of spot shares give the same samples and
 * warnings (the randomness depends on the sample's index, not on wall-clock time or planId).
 */
public final class WorkloadModel {

    /** EC2 gives two minutes between the interruption warning and the stop. */
    public static final Duration NOTICE = Duration.ofSeconds(120);
    /** Job time and jobs per sample wobble by at most this much: well inside the +5 % gate. */
    static final double JITTER = 0.01;

    private final Scenario scenario;
    private final long seed;
    private final PriceBook prices;
    private final Duration interval;

    public WorkloadModel(Scenario scenario, long seed, PriceBook prices, Duration interval) {
        this.scenario = scenario;
        this.seed = seed;
        this.prices = prices;
        this.interval = interval;
    }

    public Scenario scenario() { return scenario; }

    public Tick next(PlanWorld w, Instant now) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + w.samples());
        int jobs = (int) Math.round(scenario.jobsPerSample() * (1 + JITTER * (2 * random.nextDouble() - 1)));
        long meanJob = Math.round(scenario.baselineJobMillis() * (1 + JITTER * (2 * random.nextDouble() - 1)));
        double cpu = scenario.baselineCpuPercent() + 3 * (2 * random.nextDouble() - 1);
        int failed = armed(scenario.errorSpikeAtSpotPercent(), w.spotPercent()) ? scenario.failedJobsPerSample() : 0;

        double hours = interval.toMillis() / 3_600_000.0;
        long onDemandHourly = prices.onDemandMicros(w.region(), w.onDemandType());
        long spotHourly = spotHourly(w, now, onDemandHourly);
        // a failover's backup share is spot capacity too (priced at the primary's spot price: one market here)
        double spotShare = Math.min(100, w.spotPercent() + w.backupSpotPercent()) / 100.0;
        long onDemandCost = Math.round(w.capacity() * hours * onDemandHourly);
        long cost = Math.round(w.capacity() * hours * (spotShare * spotHourly + (1 - spotShare) * onDemandHourly));

        w.recordSample(jobs - failed);
        Tick.Sample sample = new Tick.Sample(interval.toMillis(), jobs - failed, failed, meanJob, cpu, cost, onDemandCost,
                w.spotPercent());
        return new Tick(sample, warnings(w, now), w.shadowing() ? shadow(w, sample, spotHourly, hours) : null);
    }

    /**
     * The interval's jobs run again on the shadow capacity, all spot. Outputs are a function of the plan and the
     * job, so both runs give the same checksum; the mismatch scenario corrupts the first shadow job's output, the slow
     * one stretches the shadow jobs' time.
     */
    private Tick.Shadow shadow(PlanWorld w, Tick.Sample serving, long spotHourly, double hours) {
        int jobs = serving.jobsCompleted() + serving.jobsFailed();
        List<Tick.Mismatch> mismatches = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            long n = w.shadowJobs() + i;
            String jobId = w.planId() + "/job-" + n;
            String onDemand = sha256(jobId + ":output");
            String spot = scenario.shadowMismatch() && n == 0 ? sha256(jobId + ":output:corrupted") : sha256(jobId + ":output");
            if (!spot.equals(onDemand)) {
                mismatches.add(new Tick.Mismatch(jobId, spot, onDemand));
            }
        }
        w.recordShadowJobs(jobs);
        long cost = Math.round(w.capacity() * hours * spotHourly);
        Tick.Sample sample = new Tick.Sample(serving.intervalMillis(), serving.jobsCompleted(), serving.jobsFailed(),
                Math.round(serving.meanJobMillis() * scenario.shadowJobMillisFactor()), serving.cpuPercent(), cost,
                serving.onDemandCostMicros(), 100);
        return new Tick.Shadow(sample, mismatches);
    }

    private static String sha256(String content) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The spot price the workload pays now; a scripted spike multiplies it, capped at on-demand as AWS does. */
    long spotHourly(PlanWorld w, Instant now, long onDemandHourly) {
        long spot = prices.spotMicros(w.region(), w.spotTypes().get(0), w.zones(), now);
        boolean calmedDown = scenario.priceSpikeCalmsAfterStepBackMillis() >= 0 && w.steppedBackAt()
                .filter(at -> !now.isBefore(at.plusMillis(scenario.priceSpikeCalmsAfterStepBackMillis()))).isPresent();
        if (scenario.priceSpikeAtSpotPercent() >= 0 && w.maxSpotPercent() >= scenario.priceSpikeAtSpotPercent()
                && !calmedDown) {
            spot = scenario.spotPriceOfOnDemand() > 0 ? Math.round(onDemandHourly * scenario.spotPriceOfOnDemand())
                    : Math.round(spot * scenario.priceSpikeFactor());
        }
        return Math.min(spot, onDemandHourly);
    }

    private List<Tick.Warning> warnings(PlanWorld w, Instant now) {
        List<Tick.Warning> out = new ArrayList<>();
        if (w.spotPercent() == 0) {
            return out; // nothing on spot, nothing to interrupt
        }
        for (int at : scenario.interruptionsAtSpotPercent()) {
            if (w.maxSpotPercent() >= at && w.fireOnce(at)) {
                out.add(warning(w, now, false));
            }
        }
        if (armed(scenario.stormAtSpotPercent(), w.maxSpotPercent()) && w.warningsSent() < scenario.stormWarnings()) {
            out.add(warning(w, now, true));
        }
        return out;
    }

    /**
     * The n-th warning of the plan. A storm's come two to a pool (a pool storms at two warnings; one is an
     * interruption), the pools going round the types and zones together, so 2 x types warnings storm every type.
     */
    private Tick.Warning warning(PlanWorld w, Instant now, boolean storm) {
        int n = w.warningsSent();
        w.recordWarning();
        String id = String.format("i-0%016x", new SplittableRandom(seed ^ w.planId().hashCode() ^ (31L * n)).nextLong());
        int pool = storm ? n / 2 : n;
        String type = w.spotTypes().get(pool % w.spotTypes().size());
        String zone = w.zones().get(pool % w.zones().size());
        return new Tick.Warning(id, type, zone, now, now.plus(NOTICE));
    }

    private static boolean armed(int atPercent, int spotPercent) {
        return atPercent >= 0 && spotPercent >= atPercent;
    }
}
