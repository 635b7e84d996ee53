package dev.spotshift.bench;

import java.util.List;

/**
 * One line of the report: a measure taken once per repeat ({@code values}), summarised as min/median/max.
 * A measure that could not be taken has no values and says why in {@code note}; it never gets a number.
 *
 * @param goal     e.g. "&gt;= 0.5" or "&lt; 500"; empty when the measure has no goal
 * @param lowerIsBetter how the goal reads: true for latencies, false for throughput ratios
 */
public record Row(String bench, String measure, String unit, List<Double> values, String goal, Double goalValue,
                  boolean lowerIsBetter, String note) {

    public Row {
        values = List.copyOf(values);
    }

    public static Row measured(String bench, String measure, String unit, List<Double> values, String note) {
        return new Row(bench, measure, unit, values, "", null, false, note);
    }

    public static Row notMeasured(String bench, String measure, String reason) {
        return new Row(bench, measure, "", List.of(), "", null, false, "not measured: " + reason);
    }

    /** A goal the median of the repeats is judged against (at most = lower is better). */
    public Row atMost(double limit) {
        return new Row(bench, measure, unit, values, "< " + Report.number(limit), limit, true, note);
    }

    public Row atLeast(double limit) {
        return new Row(bench, measure, unit, values, ">= " + Report.number(limit), limit, false, note);
    }

    public boolean measuredAtAll() {
        return !values.isEmpty();
    }

    public double min() { return Stats.min(values); }
    public double median() { return Stats.median(values); }
    public double max() { return Stats.max(values); }

    /** met / missed / "" (no goal or not measured). Judged on the median of the repeats. */
    public String status() {
        if (goalValue == null || !measuredAtAll()) {
            return "";
        }
        boolean met = lowerIsBetter ? median() < goalValue : median() >= goalValue;
        return met ? "met" : "missed";
    }
}
