package dev.spotshift.demo.chaos;

import dev.spotshift.demo.DemoStack;
import dev.spotshift.simulator.domain.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./spotshift chaos}: rounds of faults over the whole stack (broker, registry, the four services as processes,
 * the simulated account), then the table of what they did. Exit 0 when every round is clean, 1 otherwise.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = {"Run rounds of faults (service SIGKILLs, broker and registry restarts, poison records) over",
                "the local stack and print how every migration ended, what was done twice, left behind or audited."})
public final class ChaosMain implements Callable<Integer> {

    @Option(names = "--rounds", defaultValue = "14", description = "Rounds to run (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--seed", defaultValue = "-1", description = "Seed of the faults' timing and scenarios (default: random, printed)")
    long seed;

    @Option(names = "--faults", defaultValue = "executor,monitor,coordinator,analyzer,broker,registry,poison,replicas",
            description = "Faults taken in turn, comma separated, or all (default: ${DEFAULT-VALUE})")
    String faults;

    @Option(names = "--plans", defaultValue = "2", description = "Plans per round (default: ${DEFAULT-VALUE})")
    int plans;

    @Option(names = "--round-timeout", defaultValue = "240", paramLabel = "SECONDS",
            description = "A plan not final after this long counts as stuck (default: ${DEFAULT-VALUE})")
    long roundTimeout;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the table, with the command and date, to FILE")
    Path outFile;

    @Option(names = "--keep-logs", description = "Keep the services' logs after exit")
    boolean keepLogs;

    public static void main(String[] args) {
        List<String> rest = args.length > 0 && args[0].equals("chaos") ? List.of(args).subList(1, args.length) : List.of(args);
        System.exit(new CommandLine(new ChaosMain()).execute(rest.toArray(String[]::new)));
    }

    @Override
    public Integer call() throws IOException {
        long s = seed >= 0 ? seed : Math.abs(new java.util.Random().nextLong() % 1_000_000);
        List<Fault> list = Fault.parse(faults);
        if (list.contains(Fault.REGISTRY) && InfraBounce.registryRestartUnsupported().isPresent()) {
            System.out.println("Registry restarts skipped: " + InfraBounce.registryRestartUnsupported().get());
            list = list.stream().filter(f -> f != Fault.REGISTRY).toList();
        }
        String command = "./spotshift chaos --rounds " + rounds + " --seed " + s + " --faults "
                + String.join(",", list.stream().map(Fault::label).toList()) + " --plans " + plans;
        System.out.println(command);
        long t0 = System.nanoTime();
        AtomicReference<DemoStack> started = new AtomicReference<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (started.get() != null) {
                started.get().close();
            }
        }, "spotshift-chaos-stop"));
        DemoStack stack = DemoStack.start(DemoStack.Options.defaults(Scenario.HAPPY).withSeed(s)
                .withServiceConfig(ChaosRunner.serviceConfig()), System.out::println);
        started.set(stack);
        if (!stack.missingServices().isEmpty()) {
            System.out.println("Not running: " + stack.missingServices());
            return 1;
        }
        System.out.println(ChaosTable.HEADER);
        List<RoundResult> results = new ChaosRunner(stack, new ChaosRunner.Options(rounds, s, list, plans,
                Duration.ofSeconds(roundTimeout), true), System.out::println).run();
        if (keepLogs) {
            stack.keepLogs();
        }
        String table = ChaosTable.render(results);
        boolean clean = ChaosTable.clean(results);
        String report = "`" + command + "` on " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + Math.round((System.nanoTime() - t0) / 6e10)
                + " min:\n\n" + table + "\n\n" + (clean ? "Clean: 0 stuck, 0 duplicated changes or launches, 0 orphans,"
                + " every audit clean." : "NOT CLEAN: see the lines above.") + "\n";
        System.out.println();
        System.out.println(report);
        if (outFile != null) {
            Files.createDirectories(outFile.toAbsolutePath().getParent());
            Files.writeString(outFile, report);
        }
        return clean ? 0 : 1;
    }
}
