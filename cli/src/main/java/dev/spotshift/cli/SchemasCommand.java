package dev.spotshift.cli;

import dev.spotshift.schemas.SchemaPreregistration;
import dev.spotshift.schemas.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The schema-publishing step of a deployment: registers the value schema of every topic in the catalog, each with its
 * compatibility rule. In production the services' serdes only look their schemas up (auto-register off), so this is
 * the one writer to the registry; run it before the services start and after each upgrade of {@code schemas/}.
 */
@Command(name = "schemas", mixinStandardHelpOptions = true,
        description = "Publish the catalog's schemas to the registry (the only schema writer in production).",
        subcommands = SchemasCommand.Publish.class)
public final class SchemasCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = "Register every catalog topic's value schema and compatibility rule; retries until all are in.")
    static final class Publish implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        Connection connection;

        @Option(names = "--timeout", description = "Give up after this long (ISO-8601 duration, default PT60S).")
        Duration timeout = Duration.ofSeconds(60);

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            String url = connection.registryUrl();
            SchemaPreregistration schemas = SchemaPreregistration.publish(Topics.all(), url);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!schemas.attempt() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw CliException.error("interrupted while publishing schemas");
                }
            }
            if (!schemas.complete()) {
                throw CliException.error("schemas not published to " + url + " within " + timeout.toSeconds() + " s: "
                        + schemas.detail());
            }
            out.println(Topics.all().size() + " schemas published to " + url + " (" + schemas.detail() + ")");
            return ExitCodes.OK;
        }
    }
}
