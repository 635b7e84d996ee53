package dev.spotshift.monitor.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the monitor remembers about one plan beyond its public status: the plan's limits (set by an
 * approved decision; null means not live), the baseline, the open breach episodes and the eventIds
 * already folded (consumers are idempotent on eventId).
 *
 * @param watchedSinceMillis when the current capacity mix began (approval or the last rollback)
 * @param episodes           trigger -> commandId of the command already emitted for it
 * @param traceparent        the plan's trace (from its first event), so what the monitor says about the
 *                           plan joins it even when the cause is a metric sample from outside the trace
 * @param budget             the plan's spend cap and the level already signalled; null: no cap
 */
public record PlanContext(
        Limits limits,
        BaselineFigures baseline,
        boolean terminal,
        long watchedSinceMillis,
        long latestSampleMillis,
        Map<String, String> episodes,
        List<String> recentEventIds,
        Accounting accounting,
        String traceparent,
        Budget budget) {

    public PlanContext {
        // A state stored before the account existed reads back without one.
        accounting = accounting == null ? Accounting.none() : accounting;
    }

    /** Enough to recognise a redelivered event; events of one plan arrive in order per topic. */
    static final int REMEMBERED_EVENT_IDS = 128;

    public static PlanContext unknown() {
        return new PlanContext(null, null, false, 0, 0, Map.of(), List.of(), Accounting.none(), null, null);
    }

    /** Only plans after an approved decision and before a terminal stage are judged. */
    public boolean live() {
        return limits != null && !terminal;
    }

    public boolean seen(String eventId) {
        return recentEventIds.contains(eventId);
    }

    public PlanContext remember(String eventId) {
        List<String> ids = new ArrayList<>(recentEventIds);
        ids.add(eventId);
        if (ids.size() > REMEMBERED_EVENT_IDS) {
            ids.remove(0);
        }
        return new PlanContext(limits, baseline, terminal, watchedSinceMillis, latestSampleMillis, episodes, ids,
                accounting, traceparent, budget);
    }

    /** Keeps the first trace seen: every event of a plan carries the same one. */
    public PlanContext withTrace(String planTraceparent) {
        if (traceparent != null || planTraceparent == null) {
            return this;
        }
        return new PlanContext(limits, baseline, terminal, watchedSinceMillis, latestSampleMillis, episodes, recentEventIds,
                accounting, planTraceparent, budget);
    }

    public PlanContext approved(Limits planLimits, BaselineFigures declared, long atMillis) {
        BaselineFigures keep = baseline != null && baseline.measured() ? baseline : declared;
        return new PlanContext(planLimits, keep, terminal, atMillis, latestSampleMillis, episodes, recentEventIds,
                accounting, traceparent, budget);
    }

    /** A measured baseline (the executor's capture) always wins over a declared one. */
    public PlanContext withBaseline(BaselineFigures figures) {
        return new PlanContext(limits, figures, terminal, watchedSinceMillis, latestSampleMillis, episodes, recentEventIds,
                accounting, traceparent, budget);
    }

    /** The budget a plan carries from its approval (null: none), or its signalled level moved on. */
    public PlanContext withBudget(Budget planBudget) {
        return new PlanContext(limits, baseline, terminal, watchedSinceMillis, latestSampleMillis, episodes, recentEventIds,
                accounting, traceparent, planBudget);
    }

    public PlanContext ended() {
        return new PlanContext(limits, baseline, true, watchedSinceMillis, latestSampleMillis, episodes, recentEventIds,
                accounting, traceparent, budget);
    }

    /**
     * The capacity mix changed (a step started or was rolled back): step-level episodes close, so a
     * new breach of the new mix gets its own command. A full rollback's episode stays: the plan ends.
     */
    public PlanContext mixChanged(long atMillis, boolean restartWindows) {
        Map<String, String> open = new HashMap<>();
        episodes.forEach((trigger, commandId) -> {
            if (isFullLevel(trigger)) {
                open.put(trigger, commandId);
            }
        });
        return new PlanContext(limits, baseline, terminal, restartWindows ? atMillis : watchedSinceMillis,
                latestSampleMillis, Map.copyOf(open), recentEventIds, accounting, traceparent, budget);
    }

    /** A full rollback was ordered: every further immediate breach is the same emergency. */
    public boolean fullRollbackOrdered() {
        return episodes.keySet().stream().anyMatch(PlanContext::isFullLevel);
    }

    public boolean episodeOpen(Breach.Trigger trigger) {
        return episodes.containsKey(trigger.name());
    }

    public PlanContext episodeOpened(Breach breach, String commandId) {
        Map<String, String> open = new HashMap<>(episodes);
        open.put(breach.trigger().name(), commandId);
        return new PlanContext(limits, baseline, terminal, watchedSinceMillis, latestSampleMillis, Map.copyOf(open),
                recentEventIds, accounting, traceparent, budget);
    }

    public PlanContext sampled(Sample sample) {
        return new PlanContext(limits, baseline, terminal, watchedSinceMillis,
                Math.max(latestSampleMillis, sample.atMillis()), episodes, recentEventIds,
                accounting.add(sample), traceparent, budget);
    }

    public long savingsMicros() {
        return accounting.savingsMicros();
    }

    public double savingsPercent() {
        return accounting.savingsPercent();
    }

    private static boolean isFullLevel(String trigger) {
        return trigger.equals(Breach.Trigger.ERROR_RATE.name()) || trigger.equals(Breach.Trigger.JOB_FAILURE.name())
                || trigger.equals(Breach.Trigger.DATA_INCONSISTENCY.name());
    }
}
