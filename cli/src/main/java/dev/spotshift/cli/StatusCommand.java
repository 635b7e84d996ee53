package dev.spotshift.cli;

import dev.spotshift.events.MigrationStatus;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"The latest state of one migration, or a table of the live ones (--all: finished ones too).",
                "The table shows short ids (the start of the planId's hash); `status SHORT-ID` takes one,",
                "every other command takes the full planId, which `status SHORT-ID` prints.",
                "With PLAN the exit code says how it ended (0 completed, 4 rolled back, ... 8 not final)."})
public final class StatusCommand implements Callable<Integer> {

    /** A shorter argument is never taken for the start of a hash: too many plans would share it. */
    static final int MIN_PREFIX = 4;

    @Spec
    CommandSpec spec;

    @Mixin
    Connection connection;

    @Parameters(paramLabel = "PLAN", arity = "0..1",
            description = "the planId, or the short id the table shows (at least " + MIN_PREFIX + " characters of its hash)")
    String planId;

    @Option(names = {"-a", "--all"}, description = "List finished plans (completed, rolled back, rejected, ...) too.")
    boolean all;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        connection.requireReachable();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, MigrationStatus> latest = Plans.latest(connection, err);
        if (planId == null) {
            List<MigrationStatus> shown = listed(latest.values(), all);
            if (json) {
                out.println(Json.write(shown.stream().map(StatusView::json).toList()));
            } else {
                table(shown, latest.size() - shown.size(), clock.instant(), out);
            }
            return ExitCodes.OK;
        }
        String id = resolve(planId, latest.keySet());
        MigrationStatus s = latest.get(id);
        if (s == null) {
            if (Plans.submitted(connection, id, err)) {
                out.println(json ? Json.write(Map.of("planId", id, "stage", "SUBMITTED", "terminal", false,
                        "exitCode", ExitCodes.IN_PROGRESS)) : id + ": submitted, no status yet");
                return ExitCodes.IN_PROGRESS;
            }
            throw CliException.error("unknown plan '" + id + "': no status and no submission for it on "
                    + connection.bootstrapServers() + " (see `spotshift status --all` for the plans there are)");
        }
        if (json) {
            out.println(Json.write(StatusView.json(s)));
        } else {
            details(s, clock.instant(), out);
        }
        return ExitCodes.forStage(s.getStage());
    }

    /** The plans a listing shows, most recently changed first: the live ones, or every one with {@code all}. */
    static List<MigrationStatus> listed(Collection<MigrationStatus> latest, boolean all) {
        return latest.stream().filter(s -> all || !s.getTerminal())
                .sorted(Comparator.comparing(MigrationStatus::getUpdatedAt).reversed()).toList();
    }

    /**
     * The planId an argument names: itself when a plan has that id (or it is not a short id), else the one plan whose
     * hash starts with it. Only here: every other command takes the full planId alone.
     *
     * @throws CliException when several plans' hashes start with it
     */
    static String resolve(String argument, Collection<String> planIds) {
        if (planIds.contains(argument) || argument.length() < MIN_PREFIX || argument.contains(".")) {
            return argument;
        }
        List<String> matches = planIds.stream().filter(id -> StatusView.tail(id).startsWith(argument)).sorted().toList();
        if (matches.size() > 1) {
            throw CliException.error("'" + argument + "' is the start of " + matches.size() + " plans' ids: "
                    + String.join(", ", matches) + "; give more of it, or the full planId");
        }
        return matches.isEmpty() ? argument : matches.get(0);
    }

    static void table(List<MigrationStatus> shown, int hidden, Instant now, PrintWriter out) {
        String more = hidden == 0 ? "" : hidden + " finished plan" + (hidden == 1 ? "" : "s") + " not shown (--all lists "
                + (hidden == 1 ? "it" : "them") + ")";
        if (shown.isEmpty()) {
            out.println(hidden == 0 ? "No migrations yet. Submit one with: spotshift plan submit FILE"
                    : "No live migrations; " + more + ".");
            return;
        }
        Map<String, String> ids = StatusView.shortIds(shown.stream().map(MigrationStatus::getPlanId).toList());
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "NAME", "STAGE", "SPOT", "STEP", "VERDICT", "SAVED", "UPDATED"});
        for (MigrationStatus s : shown) {
            rows.add(new String[] {ids.get(s.getPlanId()), StatusView.name(s), s.getStage().name(),
                    s.getSpotPercent() + "%", StatusView.stepOfCount(s), StatusView.verdict(s),
                    StatusView.money(s.getSavingsMicros()), StatusView.age(s.getUpdatedAt(), now) + " ago"});
        }
        // SPOT and SAVED are numbers: right-aligned so their digits line up.
        boolean[] right = {false, false, false, true, false, false, true, false};
        int[] width = new int[right.length];
        rows.forEach(r -> {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        });
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                String cell = i == r.length - 1 ? r[i]
                        : String.format(Locale.ROOT, "%" + (right[i] ? "" : "-") + width[i] + "s", r[i]);
                line.append(i == 0 ? "" : "  ").append(cell);
            }
            out.println(line.toString().stripTrailing());
        }
        if (!more.isEmpty()) {
            out.println(more);
        }
    }

    static void details(MigrationStatus s, Instant now, PrintWriter out) {
        StatusView.Glyphs g = StatusView.Glyphs.forThisTerminal();
        String name = StatusView.name(s);
        out.println(s.getPlanId() + (name.equals("-") ? "" : "  (" + name + ")"));
        out.println("  stage        " + s.getStage() + (s.getTerminal() ? " (final)" : ""));
        out.println("  spot share   " + StatusView.progressBar(s.getStepsPercent(), s.getSpotPercent(), g) + " "
                + s.getSpotPercent() + " %  " + StatusView.step(s) + "  steps " + s.getStepsPercent().stream()
                .map(String::valueOf).collect(Collectors.joining("/")));
        out.println("  last verdict " + StatusView.verdict(s));
        out.printf(Locale.ROOT, "  savings      %s (%.1f %% vs on-demand)%n", StatusView.money(s.getSavingsMicros()),
                s.getSavingsPercent());
        if (s.getAccounting() != null) {
            out.println("  accounting   " + StatusView.accounting(s));
        }
        StatusView.shadowCriteria(s).forEach(line -> out.println("  shadow run   " + line));
        StatusView.criteria(s).forEach(line -> out.println("  criterion    " + line));
        StatusView.reviews(s).forEach(line -> out.println("  review       " + line));
        out.println("  rollbacks    " + s.getRollbacks() + "   interruptions handled " + s.getInterruptionsHandled());
        if (!s.getReasons().isEmpty()) {
            s.getReasons().forEach(r -> out.println("  reason       " + StatusView.reason(r)));
        }
        out.println("  updated      " + StatusView.age(s.getUpdatedAt(), now) + " ago (" + s.getUpdatedAt() + ", "
                + s.getEventsSeen() + " events)");
    }
}
