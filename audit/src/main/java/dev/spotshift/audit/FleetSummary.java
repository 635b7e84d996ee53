package dev.spotshift.audit;

import dev.spotshift.events.MigrationStage;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every plan in one view: outcomes, money saved, why rollbacks happened, interruptions survived.
 * Orphaned capacity is what the reaper reported: instances tagged by this deployment whose plan was finished or
 * unknown, and how many of them it could not terminate.
 */
public record FleetSummary(int plans, int failedVerification, Map<String, Integer> outcomes, long savingsMicros,
                           Map<String, Integer> rollbacksByTrigger, int interruptionsSurvived,
                           int interruptionsLate, int orphanedCapacityReports, int orphansStillRunning) {

    public static FleetSummary of(List<PlanAudit> audits) {
        Map<String, Integer> outcomes = new TreeMap<>();
        Map<String, Integer> triggers = new TreeMap<>();
        long savings = 0;
        int failed = 0;
        int survived = 0;
        int late = 0;
        int orphaned = 0;
        int running = 0;
        int plans = 0;
        for (PlanAudit a : audits) {
            for (AuditEvent e : a.timeline()) {
                if (e.type() == EventType.CAPACITY_REAPED) {
                    orphaned++;
                    running += "true".equals(e.label("terminated")) ? 0 : 1;
                }
            }
            // capacity tagged with a plan id no executor knew is an orphan, not a plan
            if (a.timeline().stream().allMatch(e -> e.type().reaper())) {
                continue;
            }
            plans++;
            failed += a.passed() ? 0 : 1;
            MigrationStage stage = a.history().liveStatus().map(StatusSnapshot::stage).orElse(a.replayed().stage());
            outcomes.merge(stage.name(), 1, Integer::sum);
            savings += a.history().liveStatus().map(StatusSnapshot::savingsMicros).orElse(0L);
            for (AuditEvent e : a.timeline()) {
                if (e.type() == EventType.ROLLED_BACK) {
                    triggers.merge(String.valueOf(e.label("trigger")), 1, Integer::sum);
                } else if (e.type() == EventType.REPLACEMENT_LAUNCHED) {
                    if ("true".equals(e.label("withinNotice"))) {
                        survived++;
                    } else {
                        late++;
                    }
                }
            }
        }
        return new FleetSummary(plans, failed, outcomes, savings, triggers, survived, late, orphaned, running);
    }

    public void print(PrintWriter out) {
        out.printf("plans: %d (%d failed verification)%n", plans, failedVerification);
        out.printf("outcomes: %s%n", outcomes.isEmpty() ? "-" : outcomes);
        out.printf(Locale.ROOT, "savings so far: %.2f USD%n", savingsMicros / 1_000_000.0);
        out.printf("rollbacks by trigger: %s%n", rollbacksByTrigger.isEmpty() ? "none" : rollbacksByTrigger);
        out.printf("interruptions survived: %d (replacement within the notice), %d late%n", interruptionsSurvived,
                interruptionsLate);
        out.printf("orphaned capacity found: %s%n", orphanedCapacityReports == 0 ? "none reported"
                : orphanedCapacityReports + " instance(s), " + (orphansStillRunning == 0 ? "all terminated"
                : orphansStillRunning + " not terminated (dry-run or termination failed)"));
        out.flush();
    }
}
