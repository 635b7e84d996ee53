package dev.spotshift.demo;

import dev.spotshift.cli.CliException;
import dev.spotshift.cli.Connection;
import dev.spotshift.cli.ExitCodes;
import dev.spotshift.cli.PlanCommand;
import dev.spotshift.cli.PlanFile;
import dev.spotshift.cli.WatchCommand;
import dev.spotshift.events.MigrationPlanSubmitted;
import dev.spotshift.events.SubmissionChannel;
import dev.spotshift.infra.SpotshiftHome;
import dev.spotshift.schemas.plan.ParsedPlans;
import dev.spotshift.simulator.domain.Scenario;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./spotshift demo}: a whole migration on real parts. Starts the stack, submits the demo
 * plan through the CLI's Kafka path, watches it live until it is final (or the timeout says how far
 * it got and what is missing), and on exit or Ctrl-C leaves no process and no temp data.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run a whole migration locally: Kafka broker, Apicurio Registry, the four services as",
                "separate JVMs, and a simulated workload on the seeded spot market."})
public final class DemoMain implements Callable<Integer> {

    @Option(names = "--scenario", paramLabel = "NAME", defaultValue = "happy",
            description = "happy | error-spike | interruption | interruption-storm (storm) | price-spike | price-spike-passes | thin-savings | region-storm | spot-shortage (default: ${DEFAULT-VALUE})")
    String scenarioName;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the simulated world (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--plan", paramLabel = "FILE", description = "Plan file (default: examples/demo/demo-nightly-etl.yaml)")
    Path plan;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "Give up watching after this long (default: ${DEFAULT-VALUE})")
    long timeoutSeconds;

    @Option(names = "--cloud", paramLabel = "KIND", defaultValue = "simulated",
            description = {"simulated: the seeded spot market (default); aws: the services' AWS implementation against",
                    "a moto the demo starts (Auto Scaling group, CloudWatch, SQS, S3), with the cloud-bridge"})
    String cloud;

    @Option(names = "--keep-logs", description = "Keep the services' logs after exit (they are deleted otherwise).")
    boolean keepLogs;

    private final PrintWriter out = new PrintWriter(System.out, true);

    /** How long the spot-shortage scenario keeps the primary short of spot capacity. */
    static final Duration SHORTAGE_LASTS = Duration.ofSeconds(60);

    public static void main(String[] args) {
        List<String> rest = args.length > 0 && args[0].equals("demo") ? List.of(args).subList(1, args.length) : List.of(args);
        CommandLine cli = new CommandLine(new DemoMain());
        cli.setExecutionExceptionHandler((ex, c, r) -> {
            System.err.println("spotshift demo: " + ex.getMessage());
            return ex instanceof CliException ce ? ce.exitCode() : ExitCodes.ERROR;
        });
        System.exit(cli.execute(rest.toArray(String[]::new)));
    }

    @Override
    public Integer call() {
        Scenario scenario = Scenario.named(scenarioName).orElseThrow(() -> new CliException(ExitCodes.USAGE,
                "unknown scenario '" + scenarioName + "'; one of " + Scenario.names()));
        Path planFile = plan != null ? plan : SpotshiftHome.locate().resolve("examples/demo/demo-nightly-etl.yaml");
        ParsedPlans parsed = PlanFile.read(planFile);
        if (!parsed.valid()) {
            PlanFile.printErrors(planFile, parsed, new PrintWriter(System.err, true));
            return ExitCodes.INVALID_PLAN;
        }
        boolean onAws = switch (cloud) {
            case "simulated" -> false;
            case "aws" -> true;
            default -> throw new CliException(ExitCodes.USAGE, "unknown --cloud '" + cloud + "'; simulated or aws");
        };
        long t0 = System.nanoTime();
        out.println("Spotshift demo: scenario " + scenario.name() + " (" + scenario.description() + "), seed " + seed);
        out.println("Starting a Kafka broker and an Apicurio Registry ...");
        AtomicReference<DemoStack> started = new AtomicReference<>();
        Thread stopper = new Thread(() -> stop(started.get()), "spotshift-demo-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        DemoStack.Options options = DemoStack.Options.defaults(scenario).withSeed(seed)
                .withServiceConfig(DemoStack.worldFor(parsed.plans()));
        if (scenario == Scenario.SPOT_SHORTAGE) {
            // The return waits for the primary's spot capacity to read back for the plan's hold-down: re-read it
            // every 2 s instead of every minute, so the way back shows within the demo.
            options = options.withServiceConfig(java.util.Map.of("spotshift.executor.market-check", "2s"));
        }
        DemoStack stack = DemoStack.start(onAws ? options.onMoto() : options, out::println);
        started.set(stack);
        if (onAws) {
            AwsDemoWorld.prepare(stack.moto().orElseThrow(), parsed.plans(), scenario, out);
        }
        Connection connection = new Connection(stack.bootstrapServers(), stack.registryUrl());
        out.println("Stack up in " + seconds(t0) + " s. To look from another terminal:");
        out.println("  export KAFKA_BOOTSTRAP_SERVERS=" + stack.bootstrapServers() + " APICURIO_REGISTRY_URL="
                + stack.registryUrl());
        out.println("  ./spotshift status");
        stack.consoleUrl().ifPresent(url -> out.println("  or open " + url + "/ in a browser (the live console)"));
        stack.intakeUrl().ifPresent(url -> out.println("  or ask the REST door with the demo's own token (spotshift-submit, -read):\n"
                + "  curl -H 'Authorization: Bearer " + stack.restToken("demo-user", dev.spotshift.schemas.access.RestAccess.SUBMIT,
                dev.spotshift.schemas.access.RestAccess.READ) + "' " + url + "/api/v1/fleet/us-east-1"));
        if (!stack.missingServices().isEmpty()) {
            out.println("Not running: " + String.join(", ", stack.missingServices())
                    + ". The migration will go as far as the running services take it.");
        }

        List<MigrationPlanSubmitted> submitted = PlanCommand.submit(connection, parsed, null, SubmissionChannel.DEMO,
                planFile.getFileName().toString());
        String planId = submitted.get(0).getEnvelope().getPlanId();
        out.println("Submitted " + planFile.getFileName() + " as plan " + planId + "; watching it:");
        long watchStart = System.nanoTime();
        if (scenario == Scenario.SPOT_SHORTAGE) {
            SpotShortageDirector.start(stack, connection, planId, parsed.plans().get(0), SHORTAGE_LASTS, out);
        }
        int code = new WatchCommand.Watch(connection, planId, false, Duration.ofSeconds(timeoutSeconds), out,
                new PrintWriter(System.err, true), System.console() != null)
                // A shortage's hold on on-demand ends by itself once the capacity is back: nothing for an operator.
                .stopWhen(scenario == Scenario.SPOT_SHORTAGE ? s -> false : ScenarioEnd::heldOnOnDemand)
                .hint("Ctrl-C stops the demo and everything it started").run();
        if (code == ExitCodes.IN_PROGRESS && ScenarioEnd.heldOnOnDemand(lastStatus(connection, planId))) {
            // A gradual trigger steps back and holds; it is an operator's call what happens next. The demo makes it.
            out.println("Spotshift stepped back to on-demand and holds the plan. As its operator, the demo aborts it:");
            out.println("  spotshift abort " + planId);
            ScenarioEnd.abort(connection, planId, "demo: spot prices stay too high");
            code = new WatchCommand.Watch(connection, planId, false, Duration.ofSeconds(60), out,
                    new PrintWriter(System.err, true), System.console() != null)
                    .hint("Ctrl-C stops the demo and everything it started").run();
        }
        if (onAws) {
            AwsDemoWorld.describe(stack, parsed.plans(), out);
        }
        out.println("Events of this migration on the log: " + PlanEvents.describe(PlanEvents.count(connection, planId)));
        if (code == ExitCodes.IN_PROGRESS) {
            out.println("The migration did not finish within " + timeoutSeconds + " s."
                    + (stack.missingServices().isEmpty() ? " All four services were running: see their logs (--keep-logs)."
                    : " Not running: " + String.join(", ", stack.missingServices()) + "."));
            if (keepLogs) {
                stack.keepLogs();
            }
        } else {
            out.println("Migration final after " + seconds(watchStart) + " s (whole demo " + seconds(t0) + " s); exit code "
                    + code + ".");
        }
        if (keepLogs) {
            stack.keepLogs();
            stack.services().values().stream().filter(s -> s.process() != null)
                    .forEach(s -> out.println("  log kept: " + s.process().logFile()));
        }
        return code;
    }

    private static dev.spotshift.events.MigrationStatus lastStatus(Connection connection, String planId) {
        return dev.spotshift.cli.Plans.latest(connection, new PrintWriter(new java.io.StringWriter())).get(planId);
    }

    private void stop(DemoStack stack) {
        if (stack != null) {
            // After Ctrl-C the terminal's cursor may sit at the end of the live status line.
            out.println((System.console() != null ? "\n" : "") + "Stopping the services, the simulator, the registry and the broker ...");
            stack.close();
            out.println("Stopped; temporary data deleted.");
        }
    }

    private static String seconds(long fromNanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - fromNanos) / 1e9);
    }
}
