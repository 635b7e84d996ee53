package dev.spotshift.cli;

import dev.spotshift.events.MigrationStatus;
import dev.spotshift.events.PlanAccounting;
import dev.spotshift.events.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** How a plan's status looks to a person (one line, a progress bar) and to a machine (a JSON-ready map). */
public final class StatusView {

    /** Glyphs for terminals that can show them, and plain ASCII for those that cannot. */
    public record Glyphs(char full, char empty, char separator) {
        public static final Glyphs UNICODE = new Glyphs('█', '░', '│');
        public static final Glyphs ASCII = new Glyphs('#', '.', '|');

        /** Unicode only when the JVM writes UTF-8 (a POSIX locale would turn blocks into '?'). */
        public static Glyphs forThisTerminal() {
            String enc = System.getProperty("stdout.encoding", System.getProperty("native.encoding", ""));
            return enc.toUpperCase(Locale.ROOT).replace("-", "").equals("UTF8") ? UNICODE : ASCII;
        }
    }

    static final int CELLS_PER_STEP = 6;
    /** A short id is this many characters of the planId's trailing hash at least, and at most {@link #SHORT_MAX}. */
    static final int SHORT_MIN = 8;
    static final int SHORT_MAX = 12;
    /** The monitor's verdict text names the step 0-based ("step 0: PASS"); people read steps from 1. */
    private static final Pattern VERDICT = Pattern.compile("step (\\d+): (.+)");

    private StatusView() {}

    /**
     * One segment per rollout step, each filled by how far the spot share has come from the step
     * before: so a person sees which step the migration is in, not only a percentage.
     */
    public static String progressBar(List<Integer> stepsPercent, int spotPercent, Glyphs g) {
        List<Integer> steps = stepsPercent.isEmpty() ? List.of(100) : stepsPercent;
        StringBuilder sb = new StringBuilder("[");
        int previous = 0;
        for (int i = 0; i < steps.size(); i++) {
            int target = steps.get(i);
            int span = Math.max(1, target - previous);
            double fraction = Math.max(0, Math.min(1, (spotPercent - previous) / (double) span));
            int filled = (int) Math.round(fraction * CELLS_PER_STEP);
            sb.append(String.valueOf(g.full()).repeat(filled))
                    .append(String.valueOf(g.empty()).repeat(CELLS_PER_STEP - filled));
            if (i < steps.size() - 1) {
                sb.append(g.separator());
            }
            previous = target;
        }
        return sb.append("]").toString();
    }

    /** Micro-USD as dollars; sub-cent amounts keep four decimals because a demo saves fractions of a cent. */
    public static String money(long micros) {
        double usd = micros / 1_000_000.0;
        return Math.abs(usd) < 1 ? String.format(Locale.ROOT, "$%.4f", usd) : String.format(Locale.ROOT, "$%,.2f", usd);
    }

    /** Capacity time in the unit a person reads best: a demo runs seconds, a real migration hours. */
    static String capacityTime(double hours) {
        double seconds = hours * 3600;
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.0f s", seconds);
        }
        return seconds < 3600 ? String.format(Locale.ROOT, "%.1f min", seconds / 60) : String.format(Locale.ROOT, "%.2f h", hours);
    }

    /** A job can cost a fraction of a cent: below a cent, down to the micro-dollar. */
    static String perJobMoney(long micros) {
        return Math.abs(micros) < 10_000 ? String.format(Locale.ROOT, "$%.6f", micros / 1_000_000.0) : money(micros);
    }

    /** "step 2/4" (1-based for people), or "-" before the first step. */
    public static String step(MigrationStatus s) {
        return s.getStepIndex() < 0 ? "-" : "step " + stepOfCount(s);
    }

    /** "2/4" (1-based), or "-" before the first step: the table's STEP column. */
    static String stepOfCount(MigrationStatus s) {
        return s.getStepIndex() < 0 ? "-" : (s.getStepIndex() + 1) + "/" + s.getStepsPercent().size();
    }

    /** The last gate verdict numbered as {@link #step} numbers steps: "step 1: PASS" for the first gate; "-" if none. */
    public static String verdict(MigrationStatus s) {
        String v = s.getLastVerdict();
        if (v == null || v.isBlank()) {
            return "-";
        }
        Matcher m = VERDICT.matcher(v);
        return m.matches() ? "step " + (Long.parseLong(m.group(1)) + 1) + ": " + m.group(2) : v;
    }

    /** What a person calls the migration: "plan/workload", either one alone, or "-" when the status names neither. */
    static String name(MigrationStatus s) {
        String plan = s.getPlanName();
        String workload = s.getWorkloadName();
        if (plan == null || plan.isBlank()) {
            return workload == null || workload.isBlank() ? "-" : workload;
        }
        return workload == null || workload.isBlank() || workload.equals(plan) ? plan : plan + "/" + workload;
    }

    /** "45s", "3m", "2h", "5d": how long before {@code now}, in its largest whole unit (a clock skew reads 0s). */
    static String age(Instant then, Instant now) {
        long seconds = Math.max(0, Duration.between(then, now).getSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m";
        }
        return seconds < 86_400 ? seconds / 3600 + "h" : seconds / 86_400 + "d";
    }

    /** The part of a planId after its last dot: the hash of {@code <plan>.<workload>.<hash>}, or the whole id. */
    static String tail(String planId) {
        int dot = planId.lastIndexOf('.');
        return dot < 0 ? planId : planId.substring(dot + 1);
    }

    /**
     * A short id for each planId shown together: the first {@link #SHORT_MIN} to {@link #SHORT_MAX} characters of
     * its trailing hash, as few as keep it from being the start of any other shown plan's hash (so it names one
     * plan among them); a plan whose hash cannot be told apart that way keeps its full id.
     */
    static Map<String, String> shortIds(Collection<String> planIds) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String id : planIds) {
            String tail = tail(id);
            String chosen = id;
            for (int n = SHORT_MIN; n <= SHORT_MAX; n++) {
                String candidate = tail.length() <= n ? tail : tail.substring(0, n);
                boolean unique = planIds.stream().noneMatch(other -> !other.equals(id) && tail(other).startsWith(candidate));
                if (unique) {
                    chosen = candidate;
                    break;
                }
                if (tail.length() <= n) {
                    break;
                }
            }
            out.put(id, chosen);
        }
        return out;
    }

    public static String line(MigrationStatus s, Glyphs g) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-17s %s %3d%% spot  %-9s", s.getStage(),
                progressBar(s.getStepsPercent(), s.getSpotPercent(), g), s.getSpotPercent(), step(s)));
        sb.append("  verdict ").append(verdict(s));
        sb.append(String.format(Locale.ROOT, "  saved %s (%.0f%%)", money(s.getSavingsMicros()), s.getSavingsPercent()));
        if (s.getInterruptionsHandled() > 0) {
            sb.append("  interruptions ").append(s.getInterruptionsHandled());
        }
        if (s.getRollbacks() > 0) {
            sb.append("  rollbacks ").append(s.getRollbacks());
        }
        return sb.toString();
    }

    /**
     * The plan's cost account in one line: capacity-hours on spot and on-demand, jobs, and the cost per job
     * against the baseline's (what seed 000's "cost per job below 50 % of baseline" is judged on); empty before
     * the first sample.
     */
    public static String accounting(MigrationStatus s) {
        PlanAccounting a = s.getAccounting();
        if (a == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s spot / %s on-demand, %d jobs (%d failed)",
                capacityTime(a.getSpotHours()), capacityTime(a.getOnDemandHours()), a.getJobsCompleted(), a.getJobsFailed()));
        if (a.getCostPerJobMicros() != null) {
            sb.append(", ").append(perJobMoney(a.getCostPerJobMicros())).append(" per job");
            if (a.getCostPerJobPercentOfBaseline() != null) {
                sb.append(String.format(Locale.ROOT, " (%.0f %% of the baseline's %s)", a.getCostPerJobPercentOfBaseline(),
                        perJobMoney(a.getBaselineCostPerJobMicros())));
            }
        }
        return sb.toString();
    }

    /**
     * The success criteria as judged over the validation period, one line each: "cost_savings_percent 45.0 >= 50.0
     * MISSED"; empty before the period was judged.
     */
    public static List<String> criteria(MigrationStatus s) {
        return lines(s.getCriteria());
    }

    /** The shadow criteria as judged over the whole shadow run, in the same shape; empty before the run was judged. */
    public static List<String> shadowCriteria(MigrationStatus s) {
        return lines(s.getShadowCriteria());
    }

    /** A judged set of criteria as the JSON output carries it; null before it was judged. */
    private static Map<String, Object> report(dev.spotshift.events.CriteriaReport report) {
        if (report == null) {
            return null;
        }
        Map<String, Object> cm = new LinkedHashMap<>();
        cm.put("result", report.getResult().name());
        cm.put("windowStart", report.getWindowStart().toString());
        cm.put("windowEnd", report.getWindowEnd().toString());
        cm.put("measurements", report.getMeasurements().stream().map(x -> {
            Map<String, Object> xm = new LinkedHashMap<>();
            xm.put("metric", x.getMetric());
            xm.put("observed", x.getObserved());
            xm.put("threshold", x.getThreshold());
            xm.put("comparator", x.getComparator().name());
            xm.put("baseline", x.getBaseline());
            xm.put("passed", x.getPassed());
            return xm;
        }).toList());
        return cm;
    }

    private static List<String> lines(dev.spotshift.events.CriteriaReport report) {
        if (report == null) {
            return List.of();
        }
        return report.getMeasurements().stream().map(m -> String.format(Locale.ROOT, "%-34s %10.3f %s %-10.3f %s%s",
                m.getMetric(), m.getObserved(), comparator(m.getComparator()), m.getThreshold(),
                m.getPassed() ? "held" : "MISSED",
                m.getBaseline() == null ? "" : String.format(Locale.ROOT, " (baseline %.1f)", m.getBaseline()))).toList();
    }

    /**
     * The plan's review signals, one line each: "scale_review  cpu_utilisation_percent 91.000 <= 80.000 OPEN (raised
     * 1x)"; a review asks people to look and never moves capacity.
     */
    public static List<String> reviews(MigrationStatus s) {
        return s.getReviews().stream().map(r -> String.format(Locale.ROOT, "%-22s %-34s %10.3f %s %-10.3f %s (raised %dx, %s)",
                r.getAction(), r.getMeasurement().getMetric(), r.getMeasurement().getObserved(),
                comparator(r.getMeasurement().getComparator()), r.getMeasurement().getThreshold(),
                r.getOpen() ? "OPEN" : "cleared", r.getRaised(), r.getChangedAt())).toList();
    }

    /** Whether a review was raised or cleared between two statuses of a plan. */
    public static boolean reviewsChanged(MigrationStatus before, MigrationStatus after) {
        return !java.util.Objects.equals(before == null ? List.of() : open(before), open(after));
    }

    private static List<String> open(MigrationStatus s) {
        return s.getReviews().stream().map(r -> r.getAction() + ":" + r.getOpen() + ":" + r.getRaised()).toList();
    }

    private static String comparator(dev.spotshift.events.Comparator c) {
        return switch (c) {
            case LESS_THAN -> "<";
            case LESS_OR_EQUAL -> "<=";
            case GREATER_THAN -> ">";
            case GREATER_OR_EQUAL -> ">=";
            default -> "?";
        };
    }

    /** The reasons, as "CODE: message (where)" joined; what a person reads on a rollback or rejection. */
    public static String reasons(MigrationStatus s) {
        return s.getReasons().stream().map(StatusView::reason).collect(Collectors.joining("; "));
    }

    static String reason(Reason r) {
        return r.getCode() + ": " + r.getMessage() + (r.getLocation() == null ? "" : " (" + r.getLocation() + ")");
    }

    /** "+1m05s" from the start of a watch, for the timeline. */
    public static String elapsed(Instant from, Instant to) {
        Duration d = Duration.between(from, to);
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        long m = d.toMinutes();
        long s = d.toSecondsPart();
        return m > 0 ? String.format(Locale.ROOT, "+%dm%02ds", m, s) : String.format(Locale.ROOT, "+%ds", s);
    }

    public static Map<String, Object> json(MigrationStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("planId", s.getPlanId());
        m.put("planName", s.getPlanName());
        m.put("workloadName", s.getWorkloadName());
        m.put("stage", s.getStage().name());
        m.put("terminal", s.getTerminal());
        m.put("spotPercent", s.getSpotPercent());
        m.put("stepIndex", s.getStepIndex());
        m.put("stepsPercent", s.getStepsPercent());
        m.put("lastVerdict", s.getLastVerdict());
        m.put("savingsMicros", s.getSavingsMicros());
        m.put("savingsPercent", s.getSavingsPercent());
        m.put("reasons", s.getReasons().stream().map(r -> {
            Map<String, Object> rm = new LinkedHashMap<>();
            rm.put("code", r.getCode());
            rm.put("message", r.getMessage());
            rm.put("location", r.getLocation());
            return rm;
        }).toList());
        PlanAccounting a = s.getAccounting();
        if (a != null) {
            Map<String, Object> am = new LinkedHashMap<>();
            am.put("spotHours", a.getSpotHours());
            am.put("onDemandHours", a.getOnDemandHours());
            am.put("costMicros", a.getCostMicros());
            am.put("onDemandCostMicros", a.getOnDemandCostMicros());
            am.put("jobsCompleted", a.getJobsCompleted());
            am.put("jobsFailed", a.getJobsFailed());
            am.put("costPerJobMicros", a.getCostPerJobMicros());
            am.put("baselineCostPerJobMicros", a.getBaselineCostPerJobMicros());
            am.put("costPerJobPercentOfBaseline", a.getCostPerJobPercentOfBaseline());
            m.put("accounting", am);
        } else {
            m.put("accounting", null);
        }
        m.put("criteria", report(s.getCriteria()));
        m.put("shadowCriteria", report(s.getShadowCriteria()));
        m.put("reviews", s.getReviews().stream().map(r -> {
            Map<String, Object> rm = new LinkedHashMap<>();
            rm.put("action", r.getAction());
            rm.put("metric", r.getMeasurement().getMetric());
            rm.put("observed", r.getMeasurement().getObserved());
            rm.put("threshold", r.getMeasurement().getThreshold());
            rm.put("comparator", r.getMeasurement().getComparator().name());
            rm.put("open", r.getOpen());
            rm.put("raised", r.getRaised());
            rm.put("changedAt", r.getChangedAt().toString());
            return rm;
        }).toList());
        m.put("interruptionsHandled", s.getInterruptionsHandled());
        m.put("rollbacks", s.getRollbacks());
        m.put("updatedAt", s.getUpdatedAt() == null ? null : s.getUpdatedAt().toString());
        m.put("lastEventId", s.getLastEventId());
        m.put("eventsSeen", s.getEventsSeen());
        m.put("exitCode", ExitCodes.forStage(s.getStage()));
        return m;
    }
}
