package dev.spotshift.cli;

import dev.spotshift.events.MigrationPlanSubmitted;
import dev.spotshift.events.SubmissionChannel;
import dev.spotshift.schemas.Topics;
import dev.spotshift.schemas.plan.ParsedPlans;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "plan", description = "Check or submit a migration plan file (YAML).",
        subcommands = {PlanCommand.Validate.class, PlanCommand.Submit.class, PlanImportCommand.class}, mixinStandardHelpOptions = true)
public final class PlanCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "validate", description = "Check a plan file; every error is printed with its line and column.",
            mixinStandardHelpOptions = true)
    static final class Validate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "the plan file")
        Path file;

        @Option(names = "--json", description = "Print the result as JSON.")
        boolean json;

        @Override
        public Integer call() {
            ParsedPlans parsed = PlanFile.read(file);
            var out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("file", file.toString());
                m.put("valid", parsed.valid());
                m.put("workloads", parsed.plans().stream().map(p -> p.getWorkload().getName()).toList());
                m.put("errors", parsed.errors().stream().map(e -> Map.of("path", e.path(), "line", e.line(),
                        "column", e.column(), "code", e.code(), "message", e.message())).toList());
                m.put("omittedErrors", parsed.omittedErrors());
                out.println(Json.write(m));
                return parsed.valid() ? ExitCodes.OK : ExitCodes.INVALID_PLAN;
            }
            if (!parsed.valid()) {
                PlanFile.printErrors(file, parsed, spec.commandLine().getErr());
                return ExitCodes.INVALID_PLAN;
            }
            out.println(file + ": valid plan '" + parsed.planName() + "', " + parsed.plans().size() + " workload"
                    + (parsed.plans().size() == 1 ? "" : "s") + ": "
                    + String.join(", ", parsed.plans().stream().map(p -> p.getWorkload().getName()).toList()));
            return ExitCodes.OK;
        }
    }

    @Command(name = "submit", description = "Publish the plan to migration-plans; prints one planId per workload.",
            mixinStandardHelpOptions = true)
    static final class Submit implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Connection connection;

        @Parameters(paramLabel = "FILE", description = "the plan file")
        Path file;

        @Option(names = "--idempotency-key", paramLabel = "K",
                description = "Same key, same planIds and no second migration (default: the file's id:).")
        String idempotencyKey;

        @Option(names = "--json", description = "Print the planIds as JSON.")
        boolean json;

        @Override
        public Integer call() {
            ParsedPlans parsed = PlanFile.read(file);
            if (!parsed.valid()) {
                PlanFile.printErrors(file, parsed, spec.commandLine().getErr());
                return ExitCodes.INVALID_PLAN;
            }
            List<MigrationPlanSubmitted> events = submit(connection, parsed, idempotencyKey,
                    SubmissionChannel.CLI, file.getFileName().toString());
            var out = spec.commandLine().getOut();
            List<String> ids = events.stream().map(e -> e.getEnvelope().getPlanId()).toList();
            if (json) {
                out.println(Json.write(Map.of("planIds", ids)));
            } else {
                ids.forEach(out::println);
            }
            return ExitCodes.OK;
        }
    }

    /** Publishes the submissions; the demo and the e2e tests submit through here too. */
    public static List<MigrationPlanSubmitted> submit(Connection connection, ParsedPlans parsed, String key,
                                                      SubmissionChannel channel, String source) {
        connection.requireReachable();
        List<MigrationPlanSubmitted> events = Submissions.of(parsed, key, connection.identity(),
                channel, source, Clock.systemUTC());
        try (EventPublisher publisher = new EventPublisher(connection)) {
            for (MigrationPlanSubmitted e : events) {
                publisher.send(Topics.MIGRATION_PLANS, e.getEnvelope().getPlanId(), e);
            }
        }
        return events;
    }
}
