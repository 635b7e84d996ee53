package dev.spotshift.audit;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One replay as a command runs it, without any command-line library: read, verify, print in the
 * chosen format, write the HTML reports, and say how it went as an exit code.
 */
public final class AuditRun {

    /** Every replayed plan verified clean. */
    public static final int VERIFIED = 0;
    /** The replay could not be done (no cluster, no topic, a file not written). */
    public static final int ERROR = 1;
    /** At least one plan has an error finding, or the plan has no events. */
    public static final int FINDINGS = 9;

    /**
     * @param planId  one plan, or null with {@code all}
     * @param htmlDir where to write one report per plan (null: none)
     */
    public record Request(String planId, boolean all, Instant from, Instant to, Export.Format format, Path htmlDir) {}

    private AuditRun() {}

    public static int run(Replay replay, Request request, PrintWriter out, PrintWriter err) {
        List<PlanAudit> audits = new ArrayList<>();
        if (request.all()) {
            replay.all(request.from(), request.to()).forEach(h -> audits.add(PlanAudit.of(h)));
        } else {
            audits.add(PlanAudit.of(replay.plan(request.planId(), request.from(), request.to())));
        }
        FleetSavings savings = request.all()
                ? FleetSavings.of(replay.latestStatuses(), List.of(), Duration.ofHours(1), List.of()) : null;
        switch (request.format()) {
            case JSON -> out.print(Export.json(audits));
            case CSV -> out.print(Export.csv(audits));
            case TEXT -> {
                text(audits, request.all(), out);
                if (savings != null) {
                    out.println("savings per service (from the plans' cost accounts; `spotshift savings` adds hours over time):");
                    SavingsReport.print(savings, out);
                }
            }
        }
        out.flush();
        if (request.htmlDir() != null && !writeReports(audits, request.htmlDir(), err)) {
            return ERROR;
        }
        if (savings != null && request.htmlDir() != null && !writeSavings(savings, request.htmlDir(), err)) {
            return ERROR;
        }
        return audits.stream().allMatch(PlanAudit::passed) ? VERIFIED : FINDINGS;
    }

    private static void text(List<PlanAudit> audits, boolean all, PrintWriter out) {
        if (!all) {
            PlanAudit a = audits.get(0);
            TextTimeline.print(a.history(), a.verification(), out);
            return;
        }
        for (PlanAudit a : audits) {
            out.printf("%-60s %-12s %s%n", a.history().planId(), a.replayed().stage(),
                    a.passed() ? "verified" : "FAILED (" + a.verification().errors().size() + " finding(s))");
            a.verification().findings().forEach(f -> out.println("    " + f));
        }
        FleetSummary.of(audits).print(out);
    }

    private static boolean writeSavings(FleetSavings savings, Path dir, PrintWriter err) {
        try {
            Path file = dir.resolve("savings.html");
            Files.writeString(file, SavingsReport.html(savings));
            err.println("report: " + file);
            err.flush();
            return true;
        } catch (IOException e) {
            err.println("spotshift replay: cannot write " + dir.resolve("savings.html") + ": " + e.getMessage());
            err.flush();
            return false;
        }
    }

    private static boolean writeReports(List<PlanAudit> audits, Path dir, PrintWriter err) {
        try {
            Files.createDirectories(dir);
            for (PlanAudit a : audits) {
                if (!a.timeline().isEmpty()) {
                    Path file = dir.resolve(a.history().planId().replaceAll("[^A-Za-z0-9._-]", "_") + ".html");
                    Files.writeString(file, HtmlReport.render(a));
                    err.println("report: " + file);
                }
            }
            err.flush();
            return true;
        } catch (IOException e) {
            err.println("spotshift replay: cannot write reports to " + dir + ": " + e.getMessage());
            err.flush();
            return false;
        }
    }
}
