package dev.spotshift.operator.domain;

import dev.spotshift.operator.crd.MigrationPlanStatus.PlanCondition;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Sets a condition by type, keeping its transition time while its status stays the same (the Kubernetes rule). */
public final class Conditions {

    public static final String VALID = "Valid";
    public static final String SUBMITTED = "Submitted";

    private Conditions() {}

    public static List<PlanCondition> set(List<PlanCondition> current, String type, boolean status, String reason,
                                          String message, long generation, Clock clock) {
        List<PlanCondition> out = new ArrayList<>();
        PlanCondition before = null;
        for (PlanCondition c : current == null ? List.<PlanCondition>of() : current) {
            if (type.equals(c.type)) {
                before = c;
            } else {
                out.add(c);
            }
        }
        PlanCondition c = new PlanCondition();
        c.type = type;
        c.status = status ? "True" : "False";
        c.reason = reason;
        c.message = message;
        c.observedGeneration = generation;
        c.lastTransitionTime = before != null && Objects.equals(before.status, c.status) && before.lastTransitionTime != null
                ? before.lastTransitionTime : clock.instant().toString();
        out.add(c);
        out.sort(java.util.Comparator.comparing(x -> x.type));
        return out;
    }

    public static PlanCondition find(List<PlanCondition> conditions, String type) {
        return conditions == null ? null : conditions.stream().filter(c -> type.equals(c.type)).findFirst().orElse(null);
    }
}
