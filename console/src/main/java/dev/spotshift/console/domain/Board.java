package dev.spotshift.console.domain;

import dev.spotshift.events.GateVerdict;
import dev.spotshift.events.MetricSample;
import dev.spotshift.events.MigrationPlanSubmitted;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.RollbackCommand;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.SpotInterruptionWarning;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every migration the console knows, folded from the events it reads. Thread-safe: one reader thread applies
 * events while request threads take views. A plan appears once migration-status or migration-plans names it;
 * events of the plan's other topics that come before that are kept and shown when it appears.
 */
public final class Board {

    private final int maxPoints;
    private final Map<String, PlanTrack> plans = new HashMap<>();

    public Board(int maxPoints) {
        this.maxPoints = maxPoints;
    }

    /**
     * Folds one event in; returns the planId whose view changed, or empty when nothing did (a duplicate, an older
     * status, or a type the console does not show).
     */
    public synchronized Optional<String> apply(String planId, Object event) {
        if (planId == null || event == null) {
            return Optional.empty();
        }
        PlanTrack t = plans.computeIfAbsent(planId, id -> new PlanTrack(id, maxPoints));
        boolean changed;
        if (event instanceof MigrationStatus s) {
            changed = t.status(s);
        } else if (event instanceof MigrationPlanSubmitted e) {
            changed = t.submitted(e);
        } else if (event instanceof RolloutEvent e) {
            changed = t.rollout(e);
        } else if (event instanceof GateVerdict v) {
            changed = t.verdict(v);
        } else if (event instanceof RollbackCommand c) {
            changed = t.command(c);
        } else if (event instanceof SpotInterruptionWarning w) {
            changed = t.warning(w);
        } else if (event instanceof MetricSample m) {
            changed = t.sample(m);
        } else {
            changed = false;
        }
        return changed && t.known() ? Optional.of(planId) : Optional.empty();
    }

    /** The whole view of a plan, metric series included. */
    public synchronized Optional<PlanView> plan(String planId) {
        PlanTrack t = plans.get(planId);
        return t == null || !t.known() ? Optional.empty() : Optional.of(t.view(true));
    }

    /** A plan without its metric series: what the list and the gauges need, cheaper to make. */
    public synchronized Optional<PlanView> summary(String planId) {
        PlanTrack t = plans.get(planId);
        return t == null || !t.known() ? Optional.empty() : Optional.of(t.view(false));
    }

    /** Every plan without its metric series: live plans first, then by last change, newest first. */
    public synchronized List<PlanView> plans() {
        List<PlanView> out = new ArrayList<>();
        for (PlanTrack t : plans.values()) {
            if (t.known()) {
                out.add(t.view(false));
            }
        }
        out.sort(Comparator.comparing((PlanView v) -> v.progress().terminal())
                .thenComparing(v -> v.progress().updatedAt(), Comparator.reverseOrder()));
        return out;
    }
}
