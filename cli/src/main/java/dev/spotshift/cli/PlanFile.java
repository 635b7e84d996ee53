package dev.spotshift.cli;

import dev.spotshift.schemas.plan.ParsedPlans;
import dev.spotshift.schemas.plan.PlanError;
import dev.spotshift.schemas.plan.PlanParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
            // The same limit in bytes as the parser's (one Kafka record), checked before the file is read.
            long size = Files.size(file);
            if (size > PlanParser.MAX_BYTES) {
                return new ParsedPlans(null, null, List.of(), List.of(PlanParser.tooLarge(size, PlanParser.MAX_BYTES)));
            }
            return PlanParser.parse(Files.readAllBytes(file), PlanParser.MAX_BYTES);
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
        int count = parsed.errorCount();
        err.println(file + ": " + count + (count == 1 ? " error" : " errors")
                + (parsed.omittedErrors() > 0 ? " (the first " + parsed.errors().size() + " shown, " + parsed.omittedErrors() + " more)" : ""));
    }
}
