package dev.spotshift.bench;

import java.nio.file.Path;

/**
 * Sizes of one run. {@link #smoke()} proves the harness in seconds (CI); {@link #full()} is the run whose table
 * goes into the README. Every field can be overridden on the command line (see {@link BenchMain}).
 *
 * @param repeats          how many times each measure is taken (min/median/max over these)
 * @param rawRecords       records per raw produce/consume repeat
 * @param ingestSamples    MetricSamples in the monitor's backlog for the ingest measure
 * @param ingestPlans      live plans those samples belong to
 * @param trials           latency trials per repeat (breach, rollback)
 * @param trialsPerSecond  open-loop rate of trials: a slow answer does not delay the next trial
 * @param backgroundPerSecond other live plans around the latency trials (benchmarks 3, 4 and 5), each sending one
 *                         sample per second: this many plans and this many samples per second (issue 26: 1,000)
 * @param concurrency      plans in flight for the concurrency measure (empty: skipped)
 * @param sampleEvery      per concurrency level, seconds between two samples of one plan ({@code 10000@60}: one
 *                         sample per plan per minute, the production cadence; 1 unless given)
 * @param concurrencySeconds how long each concurrency level runs
 * @param auditEvents      other plans' events among which one plan is replayed
 * @param services         {@code jvm}: the concurrency benchmark runs the monitor and the executor from their fast-jars,
 *                         each in its own JVM (per-service heap, RSS and CPU); {@code inprocess}: their topologies in
 *                         this JVM (the smoke test's mode: no packaged services needed, seconds to start)
 */
public record BenchConfig(String mode, Path out, int repeats, int rawRecords, int ingestSamples, int ingestPlans,
                          int trials, int trialsPerSecond, int backgroundPerSecond, int[] concurrency,
                          int[] sampleEvery, int concurrencySeconds, int auditEvents, String only, String services) {

    /** Seconds between two samples of one plan at concurrency level {@code index}. */
    public int sampleEvery(int index) {
        return index < sampleEvery.length ? sampleEvery[index] : 1;
    }

    /** The plans recovery runs with: the largest level sampled each second (1,000 live plans in a full run). */
    public int recoveryPlans() {
        int n = 0;
        for (int i = 0; i < concurrency.length; i++) {
            if (sampleEvery(i) == 1) {
                n = Math.max(n, concurrency[i]);
            }
        }
        return n > 0 ? n : java.util.Arrays.stream(concurrency).max().orElse(100);
    }

    /** Whether benchmark {@code number} runs ({@code --only 1,2,6}; empty: all). */
    public boolean runs(int number) {
        return only.isBlank() || java.util.Arrays.asList(only.split(",")).contains(Integer.toString(number));
    }

    public static BenchConfig full(Path out) {
        return new BenchConfig("full", out, 3, 200_000, 50_000, 200, 200, 10, 1_000, new int[] {100, 1000, 10_000},
                new int[] {1, 1, 60}, 30, 1_000_000, "", "jvm");
    }

    public static BenchConfig smoke(Path out) {
        return new BenchConfig("smoke", out, 1, 2_000, 500, 10, 5, 20, 20, new int[] {10}, new int[] {1}, 3, 2_000, "",
                "inprocess");
    }

    BenchConfig with(String key, String value) {
        int v = switch (key) {
            case "out", "concurrency", "only", "services" -> 0;
            default -> Integer.parseInt(value);
        };
        return switch (key) {
            case "out" -> new BenchConfig(mode, Path.of(value), repeats, rawRecords, ingestSamples, ingestPlans, trials,
                    trialsPerSecond, backgroundPerSecond, concurrency, sampleEvery, concurrencySeconds, auditEvents, only,
                    services);
            case "repeats" -> new BenchConfig(mode, out, v, rawRecords, ingestSamples, ingestPlans, trials,
                    trialsPerSecond, backgroundPerSecond, concurrency, sampleEvery, concurrencySeconds, auditEvents, only,
                    services);
            case "raw-records" -> new BenchConfig(mode, out, repeats, v, ingestSamples, ingestPlans, trials,
                    trialsPerSecond, backgroundPerSecond, concurrency, sampleEvery, concurrencySeconds, auditEvents, only,
                    services);
            case "ingest-samples" -> new BenchConfig(mode, out, repeats, rawRecords, v, ingestPlans, trials,
                    trialsPerSecond, backgroundPerSecond, concurrency, sampleEvery, concurrencySeconds, auditEvents, only,
                    services);
            case "trials" -> new BenchConfig(mode, out, repeats, rawRecords, ingestSamples, ingestPlans, v,
                    trialsPerSecond, backgroundPerSecond, concurrency, sampleEvery, concurrencySeconds, auditEvents, only,
                    services);
            case "background" -> new BenchConfig(mode, out, repeats, rawRecords, ingestSamples, ingestPlans, trials,
                    trialsPerSecond, v, concurrency, sampleEvery, concurrencySeconds, auditEvents, only, services);
            case "concurrency" -> levels(value);
            case "concurrency-seconds" -> new BenchConfig(mode, out, repeats, rawRecords, ingestSamples, ingestPlans,
                    trials, trialsPerSecond, backgroundPerSecond, concurrency, sampleEvery, v, auditEvents, only,
                    services);
            case "audit-events" -> new BenchConfig(mode, out, repeats, rawRecords, ingestSamples, ingestPlans, trials,
                    trialsPerSecond, backgroundPerSecond, concurrency, sampleEvery, concurrencySeconds, v, only,
                    services);
            case "only" -> new BenchConfig(mode, out, repeats, rawRecords, ingestSamples, ingestPlans, trials,
                    trialsPerSecond, backgroundPerSecond, concurrency, sampleEvery, concurrencySeconds, auditEvents,
                    value, services);
            case "services" -> {
                if (!value.equals("jvm") && !value.equals("inprocess")) {
                    throw new IllegalArgumentException("--services is 'jvm' or 'inprocess', not '" + value + "'");
                }
                yield new BenchConfig(mode, out, repeats, rawRecords, ingestSamples, ingestPlans, trials,
                        trialsPerSecond, backgroundPerSecond, concurrency, sampleEvery, concurrencySeconds, auditEvents,
                        only, value);
            }
            default -> throw new IllegalArgumentException("unknown option --" + key);
        };
    }

    /** {@code 100,1000,10000@60}: plans per level, each optionally {@code @seconds} between a plan's samples. */
    private BenchConfig levels(String value) {
        String[] parts = value.isBlank() ? new String[0] : value.split(",");
        int[] plans = new int[parts.length];
        int[] every = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String[] p = parts[i].trim().split("@");
            plans[i] = Integer.parseInt(p[0].trim());
            every[i] = p.length > 1 ? Integer.parseInt(p[1].trim()) : 1;
            if (plans[i] <= 0 || every[i] <= 0) {
                throw new IllegalArgumentException("--concurrency levels are PLANS or PLANS@SECONDS, both positive, not '"
                        + parts[i] + "'");
            }
        }
        return new BenchConfig(mode, out, repeats, rawRecords, ingestSamples, ingestPlans, trials, trialsPerSecond,
                backgroundPerSecond, plans, every, concurrencySeconds, auditEvents, only, services);
    }
}
