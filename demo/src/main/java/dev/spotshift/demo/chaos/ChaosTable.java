package dev.spotshift.demo.chaos;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The suite's figures as a Markdown table: one row per round, a total, and the dead letters by reason. */
public final class ChaosTable {

    static final String HEADER = "| round | fault | at (ms) | scenario | plans | as expected | stuck | changes twice"
            + " | launches twice | replacements | dead letters | poison not dead-lettered | orphans | audits clean"
            + " | services down | s |\n"
            + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";

    private ChaosTable() {}

    static String row(RoundResult r) {
        return String.format("| %d | %s | %d | %s | %d | %d | %d | %d | %d | %d | %d | %s | %d | %d/%d | %s | %d |",
                r.round(), r.fault().label(), r.faultAtMillis(), r.scenario(), r.plans(), r.asExpected(), r.stuck(),
                r.repeatedChanges(), r.extraLaunches(), r.replacements(), r.deadLetterCount(),
                r.fault() == Fault.POISON ? r.poisonMissed().size() + "/" + r.poisonSent() : "-", r.orphans(),
                r.auditsClean(), r.plans(), r.servicesDown().isEmpty() ? "0" : String.join(" ", r.servicesDown()),
                r.seconds());
    }

    public static String render(List<RoundResult> results) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        results.forEach(r -> sb.append(row(r)).append('\n'));
        int plans = sum(results, RoundResult::plans);
        sb.append(String.format("| **all %d** | | | | **%d** | **%d** | **%d** | **%d** | **%d** | %d | %d | %d/%d | **%d**"
                        + " | **%d/%d** | %d | %d |%n", results.size(), plans, sum(results, RoundResult::asExpected),
                sum(results, RoundResult::stuck), sum(results, RoundResult::repeatedChanges),
                sum(results, RoundResult::extraLaunches), sum(results, RoundResult::replacements),
                sum(results, RoundResult::deadLetterCount), sum(results, r -> r.poisonMissed().size()),
                sum(results, RoundResult::poisonSent), sum(results, RoundResult::orphans),
                sum(results, RoundResult::auditsClean), plans, sum(results, r -> r.servicesDown().size()),
                sum(results, r -> (int) r.seconds())));
        Map<String, Integer> reasons = new TreeMap<>();
        results.forEach(r -> r.deadLetters().forEach((k, v) -> reasons.merge(k, v, Integer::sum)));
        if (!reasons.isEmpty()) {
            sb.append("\nDead letters by consumer, topic and reason:\n\n");
            reasons.forEach((k, v) -> sb.append(String.format("- %d x %s%n", v, k)));
        }
        List<String> missed = results.stream().flatMap(r -> r.poisonMissed().stream()).distinct().sorted().toList();
        if (!missed.isEmpty()) {
            sb.append("\nPoison records no dead letter names (topic key): ").append(String.join("; ", missed)).append('\n');
        }
        results.stream().filter(r -> r.failure() != null)
                .forEach(r -> sb.append("\nround ").append(r.round()).append(": ").append(r.failure()).append('\n'));
        results.stream().flatMap(r -> r.otherEnd().stream()).forEach(o -> sb.append("\n- ").append(o));
        results.stream().flatMap(r -> r.auditFindings().stream()).forEach(f -> sb.append("\n- audit ").append(f));
        return sb.toString();
    }

    /** 0 stuck, 0 changes or launches twice, 0 orphans, every audit clean, every plan as its scenario expects. */
    public static boolean clean(List<RoundResult> results) {
        return results.stream().allMatch(RoundResult::clean);
    }

    private static int sum(List<RoundResult> results, java.util.function.ToIntFunction<RoundResult> f) {
        return results.stream().mapToInt(f).sum();
    }
}
