package dev.spotshift.monitor.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The budget guard (seed 004's budget management): what a plan's capacity spent in total (its cost account) and
 * over the trailing hour, against the plan's caps. The account already holds everything the capacity cost while
 * the plan ran it: spot, the on-demand share (a fallback included) and replacements.
 */
public final class BudgetGuard {

    static final long HOUR_MILLIS = 3_600_000;

    private BudgetGuard() {}

    /** Where the plan stands, the figures and why; {@code checks} are the evidence a hold order carries. */
    public record Standing(Budget.Level level, long spentMicros, long perHourMicros, List<Check> checks, String reason) {}

    public static Standing standing(Budget budget, Accounting account, Collection<Sample> recent, Sample sample) {
        long spent = account.costMicros();
        long perHour = perHourMicros(recent, sample);
        double warn = budget.warnPercent() / 100.0;
        Budget.Level level = Budget.Level.WITHIN;
        List<Check> checks = new ArrayList<>();
        List<String> why = new ArrayList<>();
        if (budget.maxPerHourMicros() != null) {
            Budget.Level l = level(perHour, budget.maxPerHourMicros(), warn);
            checks.add(Check.atMost("spend_per_hour_micros", perHour, budget.maxPerHourMicros(), null));
            if (l != Budget.Level.WITHIN) {
                why.add(String.format("spending $%s/h, %s the hourly cap of $%s", dollars(perHour),
                        l == Budget.Level.CAPPED ? "over" : "at " + Math.round(100.0 * perHour / budget.maxPerHourMicros()) + " % of",
                        dollars(budget.maxPerHourMicros())));
            }
            level = max(level, l);
        }
        if (budget.maxTotalMicros() != null) {
            Budget.Level l = level(spent, budget.maxTotalMicros(), warn);
            checks.add(Check.atMost("spend_total_micros", spent, budget.maxTotalMicros(), null));
            if (l != Budget.Level.WITHIN) {
                why.add(String.format("spent $%s, %s the total cap of $%s", dollars(spent),
                        l == Budget.Level.CAPPED ? "over" : "at " + Math.round(100.0 * spent / budget.maxTotalMicros()) + " % of",
                        dollars(budget.maxTotalMicros())));
            }
            level = max(level, l);
        }
        return new Standing(level, spent, perHour, List.copyOf(checks), why.isEmpty() ? null : String.join("; ", why));
    }

    /**
     * The order that holds a plan at its cap: neither further to spot (a step's gate is no time to judge a plan
     * out of money) nor back to on-demand, which costs more still; the executor releases what runs beyond the
     * plan's capacity. One per plan and capacity mix, like every breach.
     */
    public static Breach hold(Standing standing, Sample sample) {
        return new Breach(Breach.Trigger.BUDGET_CAP, Breach.Level.HOLD, sample.atMillis() - HOUR_MILLIS, sample.atMillis(),
                standing.checks(), sample.sampleId(), "budget cap crossed: " + standing.reason());
    }

    /**
     * Cost over the trailing hour, scaled to an hour while the samples cover less of it (the first minutes of a
     * plan, or samples kept for shorter windows): a rate, so a cap per hour bites before an hour has passed.
     */
    static long perHourMicros(Collection<Sample> recent, Sample sample) {
        Window hour = Window.trailing(recent, sample.atMillis(), HOUR_MILLIS);
        long cost = 0;
        long from = sample.atMillis();
        for (Sample s : hour.samples()) {
            cost += s.costMicros();
            from = Math.min(from, s.coveredFromMillis());
        }
        long covered = Math.min(HOUR_MILLIS, sample.atMillis() - from);
        return covered <= 0 ? 0 : Math.round((double) cost * HOUR_MILLIS / covered);
    }

    private static Budget.Level level(long observed, long cap, double warn) {
        if (observed > cap) {
            return Budget.Level.CAPPED;
        }
        return observed >= cap * warn ? Budget.Level.WARNING : Budget.Level.WITHIN;
    }

    private static Budget.Level max(Budget.Level a, Budget.Level b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    private static String dollars(long micros) {
        return java.math.BigDecimal.valueOf(micros, 6).stripTrailingZeros().toPlainString();
    }
}
