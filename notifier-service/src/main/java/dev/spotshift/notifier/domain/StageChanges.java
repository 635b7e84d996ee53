package dev.spotshift.notifier.domain;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * migration-status carries every transition of a plan (each step, each sample's accounting); a person wants to hear
 * when the stage changes. Remembers each plan's last stage and workload name, the latter for routing the plan's
 * other news (a rollback command names no workload).
 */
public final class StageChanges {

    private record Seen(String stage, Optional<String> workload) {}

    private final Map<String, Seen> plans = new ConcurrentHashMap<>();
    private final Map<String, String> budgets = new ConcurrentHashMap<>();

    /** True when {@code stage} differs from the last one seen for the plan (the first one seen is news). */
    public boolean isNews(String planId, String stage, Optional<String> workload) {
        Seen before = plans.put(planId, new Seen(stage, workload.or(() -> workload(planId))));
        return before == null || !before.stage().equals(stage);
    }

    /**
     * True when the plan's budget standing became {@code state} and that is a warning it had not reached (the review
     * signal). The cap itself is told by the hold order the monitor sends with it, so it is not news twice.
     */
    public boolean isBudgetWarning(String planId, String state) {
        String before = budgets.put(planId, state);
        return "WARNING".equals(state) && !"WARNING".equals(before) && !"CAPPED".equals(before);
    }

    public Optional<String> workload(String planId) {
        Seen s = plans.get(planId);
        return s == null ? Optional.empty() : s.workload();
    }
}
