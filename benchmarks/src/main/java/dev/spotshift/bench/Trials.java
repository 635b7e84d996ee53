package dev.spotshift.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/** Open-loop trials: trial i is sent at start + i / rate whatever happened to earlier ones (no coordinated omission). */
final class Trials {

    private Trials() {}

    interface Trial {
        void send(int index);
    }

    static void run(int count, int perSecond, Trial trial) {
        long period = 1_000_000_000L / Math.max(1, perSecond);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long wait = start + i * period - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            trial.send(i);
        }
    }

    /** p50 and p99 of one repeat's latencies (ms), plus how many trials never got an answer. */
    record Percentiles(double p50, double p99, int answered, int missing) {
        static Percentiles of(List<Double> latenciesMillis, int trials) {
            return new Percentiles(Stats.percentile(latenciesMillis, 50), Stats.percentile(latenciesMillis, 99),
                    latenciesMillis.size(), trials - latenciesMillis.size());
        }
    }

    /** Rows for p50 and p99 over the repeats, with what was missing said in the note. */
    static List<Row> rows(String bench, String what, List<Percentiles> repeats, int trials, double p99GoalMillis,
                          String note) {
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        int missing = 0;
        for (Percentiles p : repeats) {
            if (p.answered() > 0) {
                p50.add(p.p50());
                p99.add(p.p99());
            }
            missing += p.missing();
        }
        String full = trials + " trials x " + repeats.size() + " repeats; " + note
                + (missing > 0 ? "; " + missing + " trial(s) got no answer within the wait and are not in the percentiles" : "");
        return List.of(Row.measured(bench, what + " p50", "ms", p50, full),
                Row.measured(bench, what + " p99", "ms", p99, full).atMost(p99GoalMillis));
    }
}
