package dev.spotshift.bench;

import java.util.List;

/**
 * One line of the report: a measure taken once per repeat ({@code values}), summarised as min/median/max.
 * A measure that could not be taken has no values and says why in {@code note} ("not measured: ..."); it never
 * gets a number, and its goal (if any) is shown but judged "not measured", never met or missed.
 *
 * @param goal          e.g. "&gt;= 0.5", "&lt; 500" or "&lt;= 0"; empty when the measure has no goal
 * @param lowerIsBetter how the goal reads: true for latencies and lag growth, false for throughput ratios
 * @param inclusive     whether the goal value itself meets a lower-is-better goal ("&lt;=" rather than "&lt;")
 */
public record Row(String bench, String measure, String unit, List<Double> values, String goal, Double goalValue,
                  boolean lowerIsBetter, boolean inclusive, String note) {

    static final String NOT_MEASURED = "not measured: ";

    public Row {
        values = List.copyOf(values);
        if (values.stream().anyMatch(v -> v.isNaN() || v.isInfinite())) {
            throw new IllegalArgumentException(bench + " / " + measure + ": not a figure in " + values
                    + " (use Row.measured, which leaves such repeats out)");
        }
        if (!values.isEmpty() && note.startsWith(NOT_MEASURED)) {
            throw new IllegalArgumentException(bench + " / " + measure + ": figures on a row that says " + note);
        }
    }

    /**
     * The repeats that gave a figure; a repeat that gave none (NaN, infinite: nothing read, a zero baseline) is
     * left out and counted in the note. No repeat with a figure: a "not measured" row, never a made-up number.
     */
    public static Row measured(String bench, String measure, String unit, List<Double> values, String note) {
        List<Double> finite = values.stream().filter(v -> v != null && !v.isNaN() && !v.isInfinite()).toList();
        if (finite.isEmpty()) {
            return new Row(bench, measure, unit, List.of(), "", null, false, false, NOT_MEASURED
                    + (values.isEmpty() ? "no data" : "no repeat gave a figure (" + values.size() + " gave none)")
                    + (note.isBlank() ? "" : "; " + note));
        }
        int dropped = values.size() - finite.size();
        String n = dropped == 0 ? note : note + (note.isBlank() ? "" : "; ") + dropped + " of " + values.size()
                + " repeats gave no figure and are left out";
        return new Row(bench, measure, unit, finite, "", null, false, false, n);
    }

    public static Row notMeasured(String bench, String measure, String reason) {
        return new Row(bench, measure, "", List.of(), "", null, false, false, NOT_MEASURED + reason);
    }

    /** A goal the median of the repeats must stay under (latencies). */
    public Row atMost(double limit) {
        return new Row(bench, measure, unit, values, "< " + Report.number(limit), limit, true, false, note);
    }

    /** A goal the median may reach but not exceed (lag growth: "&lt;= 0" is flat). */
    public Row noMoreThan(double limit) {
        return new Row(bench, measure, unit, values, "<= " + Report.number(limit), limit, true, true, note);
    }

    public Row atLeast(double limit) {
        return new Row(bench, measure, unit, values, ">= " + Report.number(limit), limit, false, false, note);
    }

    public boolean measuredAtAll() {
        return !values.isEmpty();
    }

    public double min() { return Stats.min(values); }
    public double median() { return Stats.median(values); }
    public double max() { return Stats.max(values); }

    /** met / missed / "not measured" / "" (a figure without a goal). Judged on the median of the repeats. */
    public String status() {
        if (!measuredAtAll()) {
            return "not measured";
        }
        if (goalValue == null) {
            return "";
        }
        double m = median();
        boolean met = lowerIsBetter ? (inclusive ? m <= goalValue : m < goalValue) : m >= goalValue;
        return met ? "met" : "missed";
    }
}
