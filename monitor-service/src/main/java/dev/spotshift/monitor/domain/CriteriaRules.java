package dev.spotshift.monitor.domain;

import dev.spotshift.monitor.domain.GateJudgement.Result;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The plan's success criteria, judged once over its whole validation period (not a trailing window): the period is
 * what the plan promised to hold. Every criterion is listed with its threshold and measured value. A criterion that
 * cannot be measured (no job finished, no baseline, no cost reported) makes the verdict INCONCLUSIVE, never PASS.
 */
public final class CriteriaRules {

    static final String JOB_COMPLETION = "job_completion_rate_percent";
    static final String PROCESSING_TIME = "processing_time_increase_percent";
    static final String COST_SAVINGS = "cost_savings_percent";

    private CriteriaRules() {}

    public static GateJudgement judge(PeriodCriteria criteria, BaselineFigures baseline, OpenGate period,
                                      Collection<Sample> recent) {
        WindowStats stats = Window.closed(recent, period.windowStartMillis(), period.gateDueAtMillis()).stats();
        List<Check> checks = new ArrayList<>();
        List<Note> notes = new ArrayList<>();
        if (stats.jobs() == 0) {
            notes.add(new Note("NO_JOBS", "no job finished during the validation period: job completion cannot be judged"));
        } else {
            checks.add(Check.atLeast(JOB_COMPLETION, 100.0 * stats.jobsCompleted() / stats.jobs(),
                    criteria.minJobCompletionRatePercent(), null));
        }
        if (baseline == null || baseline.jobCompletionMillis() <= 0) {
            notes.add(new Note("NO_BASELINE", "no baseline job time: processing time cannot be judged"));
        } else if (!stats.hasJobTimes()) {
            notes.add(new Note("NO_JOB_TIMES", "no completed job during the validation period: processing time cannot be judged"));
        } else {
            double increase = 100.0 * (stats.meanJobMillis() - baseline.jobCompletionMillis()) / baseline.jobCompletionMillis();
            checks.add(Check.atMost(PROCESSING_TIME, increase, criteria.maxProcessingTimeIncreasePercent(),
                    (double) baseline.jobCompletionMillis()));
        }
        if (stats.onDemandCostMicros() <= 0) {
            notes.add(new Note("NO_COST", "no cost reported during the validation period: savings cannot be judged"));
        } else {
            checks.add(Check.atLeast(COST_SAVINGS, stats.savingsPercent(), criteria.minCostSavingsPercent(), null));
        }
        List<Check> missed = checks.stream().filter(c -> !c.passed()).toList();
        missed.forEach(c -> notes.add(new Note("CRITERION_" + c.metric().toUpperCase() + "_MISSED",
                String.format("%s %.4f misses its threshold %.4f", c.metric(), c.observed(), c.threshold()))));
        Result result = !missed.isEmpty() ? Result.FAIL : checks.size() < 3 ? Result.INCONCLUSIVE : Result.PASS;
        double confidence = result == Result.INCONCLUSIVE ? checks.size() / 3.0 : 1.0;
        return new GateJudgement(-1, result, confidence, List.copyOf(checks), List.copyOf(notes),
                period.windowStartMillis(), period.gateDueAtMillis(), stats.samples());
    }
}
