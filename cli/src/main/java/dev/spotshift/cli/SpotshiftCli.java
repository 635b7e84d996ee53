package dev.spotshift.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code spotshift} command: plans in, migrations watched and steered, all over Kafka. */
@Command(name = "spotshift", mixinStandardHelpOptions = true, version = "spotshift 0.1.0",
        description = "Moves interruption-tolerant EC2 workloads from on-demand to Spot, in gated steps.",
        subcommands = {PlanCommand.class, WatchCommand.class, StatusCommand.class,
                OperatorCommands.Abort.class, OperatorCommands.Pause.class, OperatorCommands.Resume.class, OperatorCommands.Retry.class,
                OperatorCommands.Failover.class,
                OperatorCommands.Approve.class, KillSwitchCommand.class, DiscoverCommand.class, SavingsCommand.class, DeadLettersCommand.class,
                SchemasCommand.class, CredentialsCommand.class, dev.spotshift.audit.ReplayCommand.class},
        footer = {ExitCodes.HELP, "",
                "--verbose (any command): stack traces and client logs on errors.",
                "Connection: --bootstrap-servers or KAFKA_BOOTSTRAP_SERVERS,",
                "            --registry-url or APICURIO_REGISTRY_URL.",
                "A whole migration on a local broker, registry and the four services:",
                "  ./spotshift demo [--scenario happy|error-spike|interruption-storm|price-spike]"})
public final class SpotshiftCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line and returns its exit code (tests call this rather than main). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        // --verbose works on every command, before or after it, so it is taken out before picocli parses.
        boolean verbose = Arrays.asList(args).contains("--verbose");
        args = Arrays.stream(args).filter(a -> !a.equals("--verbose")).toArray(String[]::new);
        if (verbose) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        }
        CommandLine cli = commandLine(out, err, verbose);
        return cli.execute(args);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err, boolean verbose) {
        CommandLine cli = new CommandLine(new SpotshiftCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            int code = ex instanceof CliException c ? c.exitCode() : ExitCodes.ERROR;
            err.println("spotshift: " + oneLine(ex));
            if (verbose) {
                ex.printStackTrace(err);
            }
            err.flush();
            return code;
        });
        return cli;
    }

    /** The message a person needs, without the stack: the deepest cause that says something. */
    static String oneLine(Throwable ex) {
        if (ex instanceof CliException) {
            return ex.getMessage();
        }
        Throwable t = ex;
        String msg = t.toString();
        while (t != null) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                msg = t.getClass().getSimpleName() + ": " + t.getMessage();
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return msg.replace('\n', ' ');
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
