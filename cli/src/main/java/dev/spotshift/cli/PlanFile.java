package dev.spotshift.cli;

import dev.spotshift.schemas.plan.ParsedPlans;
import dev.spotshift.schemas.plan.PlanError;
import dev.spotshift.schemas.plan.PlanParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A plan file read from disk and parsed with the one parser the analyzer uses too. */
public final class PlanFile {

    private PlanFile() {}

    public static ParsedPlans read(Path file) {
        if (!Files.exists(file)) {
            throw CliException.error("plan file not found: " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw CliException.error("not a plan file (a directory?): " + file);
        }
        try {
            if (Files.size(file) > PlanParser.MAX_CHARS * 4L) {
                throw new CliException(ExitCodes.INVALID_PLAN, file + ": a plan must be under "
                        + PlanParser.MAX_CHARS + " characters");
            }
            return PlanParser.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (MalformedInputException e) {
            throw new CliException(ExitCodes.INVALID_PLAN, file + ": not UTF-8 text", e);
        } catch (IOException e) {
            throw CliException.error("cannot read plan file " + file + ": " + e.getMessage());
        }
    }

    /** Prints each error as {@code FILE:LINE:COLUMN: path CODE: message}, the form editors jump to. */
    public static void printErrors(Path file, ParsedPlans parsed, PrintWriter err) {
        for (PlanError e : parsed.errors()) {
            String where = e.hasLine() ? file + ":" + e.line() + ":" + e.column() : file.toString();
            String path = e.path() == null || e.path().isEmpty() ? "" : " " + e.path();
            err.println(where + ":" + path + " " + e.code() + ": " + e.message());
        }
        err.println(file + ": " + parsed.errors().size() + (parsed.errors().size() == 1 ? " error" : " errors"));
    }
}
