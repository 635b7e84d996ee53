package dev.spotshift.simulator;

import dev.spotshift.simulator.domain.Scenario;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator on its own until Ctrl-C:
 * {@code SimulatorMain [--scenario NAME] [--seed N] [--interval-ms MS] [--bootstrap-servers B] [--registry-url U]}
 * (Kafka and the registry default to KAFKA_BOOTSTRAP_SERVERS and APICURIO_REGISTRY_URL).
 */
public final class SimulatorMain {

    private SimulatorMain() {}

    public static void main(String[] args) throws InterruptedException {
        String bootstrap = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        String registry = System.getenv("APICURIO_REGISTRY_URL");
        String scenarioName = "happy";
        long seed = 42;
        long intervalMs = 1000;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--scenario" -> scenarioName = value;
                case "--seed" -> seed = Long.parseLong(value);
                case "--interval-ms" -> intervalMs = Long.parseLong(value);
                case "--bootstrap-servers" -> bootstrap = value;
                case "--registry-url" -> registry = value;
                default -> usage("unknown option " + args[i]);
            }
            i++;
        }
        if (bootstrap == null || registry == null) {
            usage("Kafka and the registry are needed: --bootstrap-servers and --registry-url (or the env variables)");
        }
        String name = scenarioName;
        Scenario scenario = Scenario.named(name).orElseThrow(() -> {
            usage("unknown scenario '" + name + "'; one of " + Scenario.names());
            return new IllegalStateException();
        });
        Simulator simulator = new Simulator(bootstrap, registry, scenario, seed, Duration.ofMillis(intervalMs),
                System.out::println).start();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stop.countDown();
        }, "workload-simulator-stop"));
        stop.await();
    }

    private static void usage(String problem) {
        System.err.println("workload-simulator: " + problem);
        System.err.println("usage: SimulatorMain [--scenario " + Scenario.names() + "] [--seed N] [--interval-ms MS]"
                + " [--bootstrap-servers HOST:PORT] [--registry-url URL]");
        System.exit(2);
    }
}
