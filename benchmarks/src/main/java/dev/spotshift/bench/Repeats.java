package dev.spotshift.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rows of a benchmark that is run whole, once per repeat (recovery: a repeat is a sequence of kills and joins whose
 * steps depend on each other), merged into one row per measure with a value per repeat that measured it, so the
 * table shows min/median/max like every other row. A repeat that did not measure a row (a step failed, or was never
 * reached) adds no value and is counted in the note with its reason; no repeat measured it: a "not measured" row.
 */
final class Repeats {

    private Repeats() {}

    static List<Row> merge(List<List<Row>> repeats) {
        if (repeats.size() == 1) {
            return repeats.get(0);
        }
        Map<String, List<Row>> byMeasure = new LinkedHashMap<>();
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < repeats.size(); i++) {
            for (Row row : repeats.get(i)) {
                if (row.measure().equals("-")) {
                    // a repeat that stopped early says why on a row of its own
                    out.add(Row.notMeasured(row.bench(), row.measure(), "repeat " + (i + 1) + " of " + repeats.size()
                            + ": " + row.note().substring(Row.NOT_MEASURED.length())));
                } else {
                    byMeasure.computeIfAbsent(row.bench() + "\u0000" + row.measure(), k -> new ArrayList<>()).add(row);
                }
            }
        }
        for (List<Row> rows : byMeasure.values()) {
            out.add(merge(rows, repeats.size()));
        }
        return out;
    }

    private static Row merge(List<Row> rows, int repeats) {
        Row first = rows.get(0);
        List<Double> values = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Set<String> reasons = new LinkedHashSet<>();
        for (Row row : rows) {
            if (row.measuredAtAll()) {
                values.addAll(row.values());
                notes.add(row.note());
            } else {
                reasons.add(row.note().substring(Row.NOT_MEASURED.length()));
            }
        }
        int missing = repeats - rows.size();
        if (missing > 0) {
            reasons.add("the repeat did not reach this step");
        }
        int without = repeats - notes.size();
        String why = without == 0 ? "" : without + " of " + repeats + " repeats did not measure it: "
                + String.join("; ", reasons);
        if (values.isEmpty()) {
            return Row.notMeasured(first.bench(), first.measure(), why.isEmpty() ? "no data" : why);
        }
        String note = joined(notes) + (why.isEmpty() ? "" : "; " + why);
        Row merged = Row.measured(first.bench(), first.measure(), first.unit(), values, note);
        return new Row(merged.bench(), merged.measure(), merged.unit(), merged.values(), first.goal(),
                first.goalValue(), first.lowerIsBetter(), first.inclusive(), merged.note());
    }

    /**
     * One note for the repeats: their common beginning and end once, what differs (a machine load) per repeat in
     * brackets, e.g. "load at the kill [4.1 3.0 2.2 / 5.0 3.9 2.6]; includes the session timeout".
     */
    static String joined(List<String> notes) {
        if (notes.stream().distinct().count() == 1) {
            return notes.get(0);
        }
        String a = notes.get(0);
        int prefix = a.length();
        int suffix = a.length();
        for (String n : notes) {
            prefix = Math.min(prefix, common(a, n, false));
            suffix = Math.min(suffix, common(a, n, true));
        }
        // the varying part is a whole word, not the tail of a shared digit
        while (prefix > 0 && a.charAt(prefix - 1) != ' ') {
            prefix--;
        }
        int shortest = notes.stream().mapToInt(String::length).min().orElse(0);
        suffix = Math.min(suffix, shortest - prefix);
        while (suffix > 0 && !(a.charAt(a.length() - suffix) == ';' || a.charAt(a.length() - suffix) == ',')) {
            suffix--;
        }
        List<String> middles = new ArrayList<>();
        for (String n : notes) {
            middles.add(n.substring(prefix, n.length() - suffix));
        }
        return a.substring(0, prefix) + "[" + String.join(" / ", middles) + "]" + a.substring(a.length() - suffix);
    }

    private static int common(String a, String b, boolean fromEnd) {
        int n = Math.min(a.length(), b.length());
        int k = 0;
        while (k < n && (fromEnd ? a.charAt(a.length() - 1 - k) == b.charAt(b.length() - 1 - k) : a.charAt(k) == b.charAt(k))) {
            k++;
        }
        return k;
    }
}
