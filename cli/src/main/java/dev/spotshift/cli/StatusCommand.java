package dev.spotshift.cli;

import dev.spotshift.events.MigrationStatus;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"The latest state of one migration, or a table of all of them.",
                "With PLAN the exit code says how it ended (0 completed, 4 rolled back, ... 8 not final)."})
public final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Connection connection;

    @Parameters(paramLabel = "PLAN", arity = "0..1", description = "the planId")
    String planId;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        connection.requireReachable();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, MigrationStatus> latest = Plans.latest(connection, err);
        if (planId == null) {
            List<MigrationStatus> all = latest.values().stream()
                    .sorted(Comparator.comparing(MigrationStatus::getUpdatedAt).reversed()).toList();
            if (json) {
                out.println(Json.write(all.stream().map(StatusView::json).toList()));
            } else {
                table(all, out);
            }
            return ExitCodes.OK;
        }
        MigrationStatus s = latest.get(planId);
        if (s == null) {
            if (Plans.submitted(connection, planId, err)) {
                out.println(json ? Json.write(Map.of("planId", planId, "stage", "SUBMITTED", "terminal", false,
                        "exitCode", ExitCodes.IN_PROGRESS)) : planId + ": submitted, no status yet");
                return ExitCodes.IN_PROGRESS;
            }
            throw CliException.error("unknown plan '" + planId + "': no status and no submission for it on "
                    + connection.bootstrapServers() + " (see `spotshift status` for the plans there are)");
        }
        if (json) {
            out.println(Json.write(StatusView.json(s)));
        } else {
            details(s, out);
        }
        return ExitCodes.forStage(s.getStage());
    }

    static void table(List<MigrationStatus> all, PrintWriter out) {
        if (all.isEmpty()) {
            out.println("No migrations yet. Submit one with: spotshift plan submit FILE");
            return;
        }
        String fmt = "%-52s %-17s %5s %-9s %-12s %12s %s%n";
        out.printf(Locale.ROOT, fmt, "PLAN", "STAGE", "SPOT", "STEP", "VERDICT", "SAVED", "UPDATED");
        for (MigrationStatus s : all) {
            out.printf(Locale.ROOT, fmt, s.getPlanId(), s.getStage(), s.getSpotPercent() + "%", StatusView.step(s),
                    s.getLastVerdict() == null ? "-" : s.getLastVerdict(), StatusView.money(s.getSavingsMicros()),
                    s.getUpdatedAt());
        }
    }

    static void details(MigrationStatus s, PrintWriter out) {
        StatusView.Glyphs g = StatusView.Glyphs.forThisTerminal();
        out.println(s.getPlanId() + (s.getWorkloadName() == null ? "" : "  (workload " + s.getWorkloadName() + ")"));
        out.println("  stage        " + s.getStage() + (s.getTerminal() ? " (final)" : ""));
        out.println("  spot share   " + StatusView.progressBar(s.getStepsPercent(), s.getSpotPercent(), g) + " "
                + s.getSpotPercent() + " %  " + StatusView.step(s) + "  steps " + s.getStepsPercent());
        out.println("  last verdict " + (s.getLastVerdict() == null ? "-" : s.getLastVerdict()));
        out.printf(Locale.ROOT, "  savings      %s (%.1f %% vs on-demand)%n", StatusView.money(s.getSavingsMicros()),
                s.getSavingsPercent());
        if (s.getAccounting() != null) {
            out.println("  accounting   " + StatusView.accounting(s));
        }
        out.println("  rollbacks    " + s.getRollbacks() + "   interruptions handled " + s.getInterruptionsHandled());
        if (!s.getReasons().isEmpty()) {
            s.getReasons().forEach(r -> out.println("  reason       " + StatusView.reason(r)));
        }
        out.println("  updated      " + s.getUpdatedAt() + "  (" + s.getEventsSeen() + " events)");
    }
}
