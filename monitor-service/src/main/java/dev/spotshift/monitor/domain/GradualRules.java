package dev.spotshift.monitor.domain;

import dev.spotshift.monitor.domain.Breach.Level;
import dev.spotshift.monitor.domain.Breach.Trigger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The gradual tier (seed 000): job time degraded by more than 10 % over 15 minutes, cost
 * efficiency under 40 % over an hour -> one step back and hold. A window is judged only once the
 * samples cover all of it since the plan was last reset, so "sustained" means sustained.
 */
public final class GradualRules {

    private GradualRules() {}

    /**
     * @param watchedSinceMillis when the current capacity mix began to be watched (approval or the
     *                           last rollback): samples from before it describe another mix
     */
    public static List<Breach> judge(Limits limits, BaselineFigures baseline, Collection<Sample> recent,
                                     Sample sample, long watchedSinceMillis) {
        List<Breach> breaches = new ArrayList<>();
        Window slow = Window.trailing(recent, sample.atMillis(), limits.degradationWindowMillis());
        WindowStats slowStats = slow.stats();
        if (baseline != null && baseline.jobCompletionMillis() > 0 && slowStats.hasJobTimes()
                && slow.coveredSince(watchedSinceMillis)) {
            double degradation = 100.0 * (slowStats.meanJobMillis() - baseline.jobCompletionMillis())
                    / baseline.jobCompletionMillis();
            Check check = Check.atMost("job_time_degradation_percent", degradation, limits.degradationPercent(),
                    (double) baseline.jobCompletionMillis());
            if (!check.passed()) {
                breaches.add(new Breach(Trigger.PERFORMANCE_DEGRADATION, Level.STEP, slow.startMillis(), slow.endMillis(),
                        List.of(check, Check.atMost("mean_job_millis", slowStats.meanJobMillis(),
                                baseline.jobCompletionMillis() * (1 + limits.degradationPercent() / 100), (double) baseline.jobCompletionMillis())),
                        sample.sampleId(),
                        String.format("mean job time %.0f ms is %.1f %% above the baseline %d ms over %d ms (limit %.1f %%)",
                                slowStats.meanJobMillis(), degradation, baseline.jobCompletionMillis(),
                                limits.degradationWindowMillis(), limits.degradationPercent())));
            }
        }
        Window cost = Window.trailing(recent, sample.atMillis(), limits.costWindowMillis());
        WindowStats costStats = cost.stats();
        if (costStats.ranOnSpot() && cost.coveredSince(watchedSinceMillis)) {
            Check check = Check.atLeast("cost_efficiency_percent", costStats.costEfficiencyPercent(),
                    limits.minCostEfficiencyPercent(), null);
            if (!check.passed()) {
                breaches.add(new Breach(Trigger.COST_EFFICIENCY, Level.STEP, cost.startMillis(), cost.endMillis(),
                        List.of(check, Check.atLeast("savings_percent", costStats.savingsPercent(), 0.0, null)),
                        sample.sampleId(),
                        String.format("spot share delivered %.1f %% cost efficiency over %d ms (minimum %.1f %%)",
                                costStats.costEfficiencyPercent(), limits.costWindowMillis(), limits.minCostEfficiencyPercent())));
            }
        }
        return breaches;
    }
}
