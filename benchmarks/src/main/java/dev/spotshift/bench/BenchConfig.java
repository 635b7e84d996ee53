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
 * @param backgroundPerSecond other plans' samples per second while latencies are measured
 * @param concurrency      plans in flight for the concurrency measure (empty: skipped)
 * @param concurrencySeconds how long each concurrency level runs
 * @param auditEvents      other plans' events among which one plan is replayed
 */
public record BenchConfig(String mode, Path out, int repeats, int rawRecords, int ingestSamples, int ingestPlans,
                          int trials, int trialsPerSecond, int backgroundPerSecond, int[] concurrency,
                          int concurrencySeconds, int auditEvents, String only) {

    /** Whether benchmark {@code number} runs ({@code --only 1,2,6}; empty: all). */
    public boolean runs(int number) {
        return only.isBlank() || java.util.Arrays.asList(only.split(",")).contains(Integer.toString(number));
    }

    public static BenchConfig full(Path out) {
        return new BenchConfig("full", out, 3, 200_000, 50_000, 200, 200, 10, 200, new int[] {100, 300, 1000}, 30,
                300_000, "");
    }

    public static BenchConfig smoke(Path out) {
        return new BenchConfig("smoke", out, 1, 2_000, 500, 10, 5, 20, 20, new int[] {10}, 3, 2_000, "");
    }

    BenchConfig with(String key, String value) {
        int v = key.equals("out") || key.equals("concurrency") || key.equals("only") ? 0 : Integer.parseInt(value);
        return switch (key) {
            case "out" -> new BenchConfig(mode, Path.of(value), repeats, rawRecords, ingestSamples, ingestPlans, trials,
                    trialsPerSecond, backgroundPerSecond, concurrency, concurrencySeconds, auditEvents, only);
            case "repeats" -> new BenchConfig(mode, out, v, rawRecords, ingestSamples, ingestPlans, trials,
                    trialsPerSecond, backgroundPerSecond, concurrency, concurrencySeconds, auditEvents, only);
            case "raw-records" -> new BenchConfig(mode, out, repeats, v, ingestSamples, ingestPlans, trials,
                    trialsPerSecond, backgroundPerSecond, concurrency, concurrencySeconds, auditEvents, only);
            case "ingest-samples" -> new BenchConfig(mode, out, repeats, rawRecords, v, ingestPlans, trials,
                    trialsPerSecond, backgroundPerSecond, concurrency, concurrencySeconds, auditEvents, only);
            case "trials" -> new BenchConfig(mode, out, repeats, rawRecords, ingestSamples, ingestPlans, v,
                    trialsPerSecond, backgroundPerSecond, concurrency, concurrencySeconds, auditEvents, only);
            case "background" -> new BenchConfig(mode, out, repeats, rawRecords, ingestSamples, ingestPlans, trials,
                    trialsPerSecond, v, concurrency, concurrencySeconds, auditEvents, only);
            case "concurrency" -> new BenchConfig(mode, out, repeats, rawRecords, ingestSamples, ingestPlans, trials,
                    trialsPerSecond, backgroundPerSecond, value.isBlank() ? new int[0]
                    : java.util.Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray(),
                    concurrencySeconds, auditEvents, only);
            case "concurrency-seconds" -> new BenchConfig(mode, out, repeats, rawRecords, ingestSamples, ingestPlans,
                    trials, trialsPerSecond, backgroundPerSecond, concurrency, v, auditEvents, only);
            case "audit-events" -> new BenchConfig(mode, out, repeats, rawRecords, ingestSamples, ingestPlans, trials,
                    trialsPerSecond, backgroundPerSecond, concurrency, concurrencySeconds, v, only);
            case "only" -> new BenchConfig(mode, out, repeats, rawRecords, ingestSamples, ingestPlans, trials,
                    trialsPerSecond, backgroundPerSecond, concurrency, concurrencySeconds, auditEvents, value);
            default -> throw new IllegalArgumentException("unknown option --" + key);
        };
    }
}
