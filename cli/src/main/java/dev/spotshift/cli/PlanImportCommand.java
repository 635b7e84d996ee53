package dev.spotshift.cli;

import dev.spotshift.cli.imports.SeedImport;
import dev.spotshift.schemas.plan.ParsedPlans;
import dev.spotshift.schemas.plan.PlanParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Write a Spotshift plan from a planning document of a known shape (a pilot_execution or a"
                + " spot_migration_execution document).",
                "Every value says where it came from; assumptions and everything not mapped are listed."})
final class PlanImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the document to import")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "PLAN", description = "Write the plan here (default: print it).")
    Path output;

    @Option(names = "--region", description = "Region for workloads the document places nowhere (default: ${DEFAULT-VALUE}).",
            defaultValue = "us-east-1")
    String region;

    @Option(names = "--name", description = "The plan's name (default: from the document).")
    String name;

    @Override
    public Integer call() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CliException.error("cannot read " + file + ": " + e.getMessage());
        }
        SeedImport.Result result;
        try {
            result = SeedImport.from(text, new SeedImport.Options(region, name));
        } catch (SeedImport.ImportException e) {
            throw new CliException(ExitCodes.INVALID_PLAN, file + ": " + e.getMessage());
        }
        var err = spec.commandLine().getErr();
        // the importer's own check: what it writes must be a plan the analyzer accepts unchanged
        ParsedPlans parsed = PlanParser.parse(result.planYaml());
        if (!parsed.valid()) {
            Path shown = output != null ? output : Path.of("(imported plan)");
            PlanFile.printErrors(shown, parsed, err);
        }
        if (output != null) {
            try {
                Files.writeString(output, result.planYaml(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw CliException.error("cannot write " + output + ": " + e.getMessage());
            }
        } else {
            spec.commandLine().getOut().print(result.planYaml());
            spec.commandLine().getOut().flush();
        }
        err.println(file + ": " + result.shape() + " imported" + (output == null ? "" : " to " + output) + "; "
                + result.assumed().size() + " value(s) assumed, " + result.unmapped().size() + " part(s) not mapped"
                + " (listed at the end of the plan)");
        return parsed.valid() ? ExitCodes.OK : ExitCodes.INVALID_PLAN;
    }
}
