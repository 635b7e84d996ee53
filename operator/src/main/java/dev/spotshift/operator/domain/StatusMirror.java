package dev.spotshift.operator.domain;

import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.Reason;
import dev.spotshift.operator.crd.MigrationPlanStatus;
import dev.spotshift.operator.crd.MigrationPlanStatus.Migration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of a MigrationPlan's status that mirrors migration-status: one entry per submitted migration, and the
 * summary {@code kubectl get} prints (stage, spot share, savings). A plan of several workloads shows each distinct
 * stage once ({@code SHIFTING,COMPLETED}), the mean spot share and the summed savings.
 */
public final class StatusMirror {

    /** Shown for a migration that was submitted but has no migration-status record yet. */
    public static final String PENDING = "SUBMITTED";
    private static final Pattern VERDICT = Pattern.compile("step (\\d+): (.+)");

    private StatusMirror() {}

    public static void mirror(MigrationPlanStatus status, Function<String, MigrationStatus> latest) {
        List<Migration> migrations = new ArrayList<>();
        Set<String> stages = new LinkedHashSet<>();
        long savings = 0;
        int spotSum = 0;
        for (String planId : status.planIds) {
            MigrationStatus s = latest.apply(planId);
            Migration m = s == null ? pending(planId) : of(s);
            migrations.add(m);
            stages.add(m.stage);
            savings += m.savingsMicros == null ? 0 : m.savingsMicros;
            spotSum += m.spotPercent == null ? 0 : m.spotPercent;
        }
        status.migrations = migrations;
        if (migrations.isEmpty()) {
            status.stage = null;
            status.spotPercent = null;
            status.savings = null;
            return;
        }
        status.stage = String.join(",", stages);
        status.spotPercent = spotSum / migrations.size();
        status.savings = dollars(savings) + (migrations.size() == 1 && migrations.get(0).savingsPercent != null
                ? String.format(Locale.ROOT, " (%.0f%%)", migrations.get(0).savingsPercent) : "");
    }

    /** Every submitted migration has ended (a plan with none has nothing live). */
    public static boolean allEnded(MigrationPlanStatus status, Map<String, MigrationStatus> latest) {
        return status.planIds.stream().allMatch(id -> latest.get(id) != null && latest.get(id).getTerminal());
    }

    static Migration of(MigrationStatus s) {
        Migration m = new Migration();
        m.planId = s.getPlanId();
        m.workload = s.getWorkloadName();
        m.stage = s.getStage().name();
        m.terminal = s.getTerminal();
        m.spotPercent = s.getSpotPercent();
        m.steps = s.getStepsPercent().size();
        // migration-status counts steps from 0 (-1 before the first); people count them from 1.
        m.step = Math.max(0, s.getStepIndex() + 1);
        m.savingsMicros = s.getSavingsMicros();
        m.savingsPercent = s.getSavingsPercent();
        m.rollbacks = s.getRollbacks();
        m.lastVerdict = verdict(s.getLastVerdict());
        m.updatedAt = s.getUpdatedAt() == null ? null : s.getUpdatedAt().toString();
        for (Reason r : s.getReasons()) {
            m.reasons.add(r.getCode() + ": " + r.getMessage());
        }
        return m;
    }

    /** The monitor names the step 0-based ("step 0: PASS"); the status counts steps from 1, as the CLI and the console do. */
    static String verdict(String v) {
        if (v == null) {
            return null;
        }
        Matcher m = VERDICT.matcher(v);
        return m.matches() ? "step " + (Long.parseLong(m.group(1)) + 1) + ": " + m.group(2) : v;
    }

    private static Migration pending(String planId) {
        Migration m = new Migration();
        m.planId = planId;
        m.stage = PENDING;
        m.terminal = false;
        return m;
    }

    static String dollars(long micros) {
        return String.format(Locale.ROOT, "$%.4f", micros / 1_000_000.0);
    }
}
