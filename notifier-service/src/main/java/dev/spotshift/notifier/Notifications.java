package dev.spotshift.notifier;

import dev.spotshift.events.Measurement;
import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.Reason;
import dev.spotshift.events.RollbackCommand;
import dev.spotshift.events.RolloutEvent;
import dev.spotshift.events.SpotCapacityReaped;
import dev.spotshift.notifier.domain.Notification;
import dev.spotshift.notifier.domain.StageChanges;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The events the notifier reads, as notifications: a rollback always (a hold at the budget cap as BUDGET); a status
 * when the plan's stage changed, or when its spend first reached the budget's warning level (a review signal); of the
 * rollout's events the reaper's finding of capacity no live plan accounts for (the money leak).
 */
final class Notifications {

    private final StageChanges stages;

    Notifications(StageChanges stages) {
        this.stages = stages;
    }

    Optional<String> workload(String planId) {
        return stages.workload(planId);
    }

    /** Empty when the record is nothing to tell; throws for a type the notifier does not read (a dead letter). */
    Optional<Notification> of(Object event, Notification.Origin origin) {
        if (event instanceof RollbackCommand r) {
            return Optional.of(rollback(r, origin));
        }
        if (event instanceof MigrationStatus s) {
            return status(s, origin);
        }
        if (event instanceof RolloutEvent e) {
            // of the rollout's events only the reaper's finding is news: capacity no live plan accounts for
            return e.getPayload() instanceof SpotCapacityReaped r ? Optional.of(moneyLeak(e, r, origin)) : Optional.empty();
        }
        throw new IllegalArgumentException("not an event the notifier reads: "
                + (event == null ? "null" : event.getClass().getName()));
    }

    static Notification rollback(RollbackCommand r, Notification.Origin origin) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("trigger", r.getTrigger().name());
        d.put("level", r.getLevel().name());
        d.put("reason", r.getReason());
        d.put("windowStart", r.getWindowStart().toString());
        d.put("windowEnd", r.getWindowEnd().toString());
        d.put("evidence", r.getMeasurements().stream().map(Notifications::evidence).toList());
        if (r.getBreachingSampleId() != null) {
            d.put("breachingSampleId", r.getBreachingSampleId());
        }
        d.put("commandId", r.getCommandId());
        if (r.getTrigger() == dev.spotshift.events.RollbackTrigger.BUDGET_CAP) {
            return new Notification(r.getEnvelope().getEventId(), r.getEnvelope().getPlanId(), Notification.Kind.BUDGET,
                    r.getEnvelope().getOccurredAt(), "budget cap: plan held where it is — " + r.getReason(), d, origin);
        }
        return new Notification(r.getEnvelope().getEventId(), r.getEnvelope().getPlanId(), Notification.Kind.ROLLBACK,
                r.getEnvelope().getOccurredAt(), r.getLevel() + " rollback to on-demand: " + r.getTrigger() + " — " + r.getReason(),
                d, origin);
    }

    static Notification moneyLeak(RolloutEvent e, SpotCapacityReaped r, Notification.Origin origin) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("instanceId", r.getInstanceId());
        d.put("instanceType", r.getInstanceType());
        if (r.getAvailabilityZone() != null) {
            d.put("availabilityZone", r.getAvailabilityZone());
        }
        d.put("planKnown", r.getPlanKnown());
        d.put("terminated", r.getTerminated());
        d.put("reason", r.getReason());
        String headline = "capacity tagged for a plan that no longer accounts for it: " + r.getInstanceId() + " ("
                + r.getInstanceType() + ") " + (r.getTerminated() ? "terminated" : "STILL RUNNING") + " — " + r.getReason();
        return new Notification(e.getEnvelope().getEventId(), e.getEnvelope().getPlanId(), Notification.Kind.MONEY_LEAK,
                e.getEnvelope().getOccurredAt(), headline, d, origin);
    }

    private Optional<Notification> status(MigrationStatus s, Notification.Origin origin) {
        Optional<String> workload = Optional.ofNullable(s.getWorkloadName());
        boolean stageNews = stages.isNews(s.getPlanId(), s.getStage().name(), workload);
        boolean budgetNews = s.getBudget() != null && stages.isBudgetWarning(s.getPlanId(), s.getBudget().getState().name());
        if (!stageNews && budgetNews) {
            return Optional.of(budgetWarning(s, workload, origin));
        }
        if (!stageNews) {
            return Optional.empty();
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("stage", s.getStage().name());
        d.put("terminal", s.getTerminal());
        d.put("spotPercent", s.getSpotPercent());
        workload.ifPresent(w -> d.put("workload", w));
        if (s.getPlanName() != null) {
            d.put("planName", s.getPlanName());
        }
        d.put("savingsMicros", s.getSavingsMicros());
        d.put("rollbacks", s.getRollbacks());
        d.put("reasons", reasons(s.getReasons()));
        String headline = "plan " + (s.getPlanName() == null ? s.getPlanId() : s.getPlanName()) + " is " + s.getStage()
                + (s.getReasons().isEmpty() ? "" : ": " + s.getReasons().get(0).getMessage());
        // the status record has no envelope: its last event id with the stage names this news uniquely
        return Optional.of(new Notification(s.getLastEventId() + "/" + s.getStage(), s.getPlanId(), Notification.Kind.STATUS,
                s.getUpdatedAt(), headline, d, origin));
    }

    private static Notification budgetWarning(MigrationStatus s, Optional<String> workload, Notification.Origin origin) {
        var b = s.getBudget();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("state", b.getState().name());
        d.put("currency", b.getCurrency());
        d.put("spentMicros", b.getSpentMicros());
        d.put("perHourMicros", b.getPerHourMicros());
        if (b.getMaxPerHourMicros() != null) {
            d.put("maxPerHourMicros", b.getMaxPerHourMicros());
        }
        if (b.getMaxTotalMicros() != null) {
            d.put("maxTotalMicros", b.getMaxTotalMicros());
        }
        workload.ifPresent(w -> d.put("workload", w));
        String headline = "plan " + (s.getPlanName() == null ? s.getPlanId() : s.getPlanName())
                + " nears its budget, review it: " + b.getReason();
        return new Notification(s.getLastEventId() + "/budget-" + b.getState(), s.getPlanId(), Notification.Kind.BUDGET,
                s.getUpdatedAt(), headline, d, origin);
    }

    private static Map<String, Object> evidence(Measurement m) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("metric", m.getMetric());
        e.put("observed", m.getObserved());
        e.put("threshold", m.getThreshold());
        e.put("comparator", m.getComparator().name());
        if (m.getBaseline() != null) {
            e.put("baseline", m.getBaseline());
        }
        e.put("passed", m.getPassed());
        return e;
    }

    private static List<Map<String, Object>> reasons(List<Reason> reasons) {
        return reasons.stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", r.getCode());
            m.put("message", r.getMessage());
            if (r.getLocation() != null) {
                m.put("location", r.getLocation());
            }
            return m;
        }).toList();
    }

}
