package dev.spotshift.monitor.domain;

import dev.spotshift.monitor.domain.GateJudgement.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Seed 000's shadow criteria (phase_2 validate_performance, launch_shadow_mode), judged once over the whole shadow
 * run from the sums its gate kept, not on a sample: a run is what the plan asked to hold for its duration. Each is
 * listed with its threshold and measured value:
 * <ul>
 * <li>job success: completed / finished jobs >= 100 % - the plan's gate error rate (seed: 0 % errors, so 100 %);</li>
 * <li>processing time: the shadow jobs' mean over the run <= baseline + the plan's gate increase (seed: + 5 %);</li>
 * <li>resource efficiency >= baseline, measured as the shadow capacity's cost per completed job <= the baseline's
 * on-demand cost per job (100 %): jobs per dollar at least the baseline's is the one efficiency both runs report;</li>
 * <li>output mismatches <= 0 (compare_outputs, error_threshold 0). A mismatch also rolls back at once
 * ({@link ShadowRules}); here it keeps a run that was not rolled back (the trigger switched off) from passing.</li>
 * </ul>
 * A criterion that cannot be measured (no job finished, no baseline time or cost, no cost reported) makes the verdict
 * INCONCLUSIVE, never PASS.
 */
public final class ShadowPhaseRules {

    static final String JOB_SUCCESS = "shadow_job_success_percent";
    static final String PROCESSING_TIME = "shadow_processing_time_increase_percent";
    static final String COST_PER_JOB = "shadow_cost_per_job_percent_of_baseline";
    static final String MISMATCHES = "shadow_output_mismatches";
    private static final int CRITERIA = 4;
    /** "Resource efficiency >= baseline": the shadow's cost per job may be at most the baseline's. */
    static final double MAX_COST_PER_JOB_PERCENT_OF_BASELINE = 100.0;

    private ShadowPhaseRules() {}

    public static GateJudgement judge(Limits limits, BaselineFigures baseline, OpenGate run) {
        ShadowTotals t = run.shadow();
        List<Check> checks = new ArrayList<>();
        List<Note> notes = new ArrayList<>();
        if (t.jobs() == 0) {
            notes.add(new Note("NO_SHADOW_JOBS", "no shadow job finished during the shadow run: job success cannot be judged"));
        } else {
            checks.add(Check.atLeast(JOB_SUCCESS, 100.0 * t.jobsCompleted() / t.jobs(),
                    100.0 - limits.gateMaxErrorRatePercent(), null));
        }
        if (baseline == null || baseline.jobCompletionMillis() <= 0) {
            notes.add(new Note("NO_BASELINE", "no baseline job time: the shadow processing time cannot be judged"));
        } else if (t.jobsCompleted() == 0) {
            notes.add(new Note("NO_SHADOW_JOB_TIMES", "no completed shadow job: the shadow processing time cannot be judged"));
        } else {
            double increase = 100.0 * (t.meanJobMillis() - baseline.jobCompletionMillis()) / baseline.jobCompletionMillis();
            checks.add(Check.atMost(PROCESSING_TIME, increase, limits.gateProcessingTimeIncreasePercent(),
                    (double) baseline.jobCompletionMillis()));
        }
        if (baseline == null || baseline.costPerJobMicros() <= 0) {
            notes.add(new Note("NO_BASELINE_COST", "no baseline cost per job: the shadow's resource efficiency cannot be judged"));
        } else if (t.jobsCompleted() == 0 || !t.priced()) {
            notes.add(new Note("NO_SHADOW_COST", "no cost per completed shadow job: the shadow's resource efficiency cannot be judged"));
        } else {
            checks.add(Check.atMost(COST_PER_JOB, 100.0 * t.costPerJobMicros() / baseline.costPerJobMicros(),
                    MAX_COST_PER_JOB_PERCENT_OF_BASELINE, (double) baseline.costPerJobMicros()));
        }
        checks.add(Check.equalsZero(MISMATCHES, t.mismatches()));
        List<Check> missed = checks.stream().filter(c -> !c.passed()).toList();
        missed.forEach(c -> notes.add(new Note("SHADOW_CRITERION_" + c.metric().toUpperCase(Locale.ROOT) + "_MISSED",
                String.format(Locale.ROOT, "shadow run: %s %.4f misses its threshold %.4f", c.metric(), c.observed(),
                        c.threshold()))));
        Result result = !missed.isEmpty() ? Result.FAIL : checks.size() < CRITERIA ? Result.INCONCLUSIVE : Result.PASS;
        double confidence = result == Result.INCONCLUSIVE ? checks.size() / (double) CRITERIA : 1.0;
        return new GateJudgement(-1, result, confidence, List.copyOf(checks), List.copyOf(notes),
                run.windowStartMillis(), run.gateDueAtMillis(), t.samples());
    }
}
