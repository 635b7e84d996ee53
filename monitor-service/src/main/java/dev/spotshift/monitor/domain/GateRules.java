package dev.spotshift.monitor.domain;

import dev.spotshift.monitor.domain.GateJudgement.Result;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The gate after each rollout step (seed 000: processing time <= baseline + 5 %, error rate 0 %),
 * judged over that step's window only. A failure needs no volume (one failed job is a failed job);
 * a pass does: fewer jobs than the plan's minimum, or no baseline, is INCONCLUSIVE, never PASS.
 */
public final class GateRules {

    private GateRules() {}

    public static GateJudgement judge(Limits limits, BaselineFigures baseline, OpenGate gate, Collection<Sample> recent) {
        Window window = Window.closed(recent, gate.windowStartMillis(), gate.gateDueAtMillis());
        WindowStats stats = window.stats();
        List<Check> checks = new ArrayList<>();
        List<Note> notes = new ArrayList<>();
        if (stats.samples() == 0) {
            notes.add(new Note("NO_SAMPLES", "no workload samples arrived between the step's start and its gate"));
            return judgement(gate, Result.INCONCLUSIVE, 0.0, checks, notes, stats);
        }
        checks.add(Check.atMost("error_rate_percent", stats.errorRatePercent(), limits.gateMaxErrorRatePercent(), null));
        checks.add(Check.atMost("cpu_utilisation_percent", stats.meanCpuPercent(), limits.maxCpuUtilisationPercent(),
                baseline == null ? null : baseline.cpuPercent()));
        if (baseline == null) {
            notes.add(new Note("NO_BASELINE", "no baseline captured or declared: job time and cost per job cannot be judged"));
        } else if (stats.hasJobTimes()) {
            checks.add(Check.atMost("mean_job_millis", stats.meanJobMillis(),
                    baseline.jobCompletionMillis() * (1 + limits.gateProcessingTimeIncreasePercent() / 100),
                    (double) baseline.jobCompletionMillis()));
            if (baseline.costPerJobMicros() > 0) {
                checks.add(Check.atMost("cost_per_job_micros", stats.costPerJobMicros(), baseline.costPerJobMicros(),
                        (double) baseline.costPerJobMicros()));
            }
        }
        Check volume = Check.atLeast("jobs_in_window", stats.jobs(), limits.minJobsForErrorRate(), null);
        checks.add(volume);
        double confidence = Math.min(1.0, (double) stats.jobs() / Math.max(1, limits.minJobsForErrorRate()));
        List<Check> failed = checks.stream().filter(c -> !c.passed() && c != volume).toList();
        if (!failed.isEmpty()) {
            failed.forEach(c -> notes.add(new Note("GATE_" + c.metric().toUpperCase() + "_BREACHED",
                    String.format("%s %.4f breaks the gate limit %.4f", c.metric(), c.observed(), c.threshold()))));
            return judgement(gate, Result.FAIL, 1.0, checks, notes, stats);
        }
        if (!volume.passed()) {
            notes.add(new Note("TOO_FEW_JOBS", String.format("%d jobs in the window, %d needed before a pass means anything",
                    stats.jobs(), limits.minJobsForErrorRate())));
        }
        if (!volume.passed() || baseline == null || !stats.hasJobTimes()) {
            return judgement(gate, Result.INCONCLUSIVE, confidence, checks, notes, stats);
        }
        return judgement(gate, Result.PASS, confidence, checks, notes, stats);
    }

    private static GateJudgement judgement(OpenGate gate, Result result, double confidence, List<Check> checks,
                                           List<Note> notes, WindowStats stats) {
        return new GateJudgement(gate.stepIndex(), result, confidence, List.copyOf(checks), List.copyOf(notes),
                gate.windowStartMillis(), gate.gateDueAtMillis(), stats.samples());
    }
}
