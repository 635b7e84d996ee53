package dev.spotshift.simulator;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator on its own until stopped:
 * {@code SimulatorMain [--scenario NAME] [--seed N] [--interval-ms MS] [--bootstrap-servers B] [--registry-url U]
 * [--heartbeat-file PATH]}, each defaulting to the environment ({@link SimulatorSettings}).
 */
public final class SimulatorMain {

    private SimulatorMain() {}

    public static void main(String[] args) throws InterruptedException {
        SimulatorSettings settings;
        try {
            settings = SimulatorSettings.from(System.getenv(), args);
        } catch (IllegalArgumentException e) {
            System.err.println("workload-simulator: " + e.getMessage());
            System.err.println(SimulatorSettings.USAGE);
            System.exit(2);
            return;
        }
        Simulator simulator = new Simulator(settings.bootstrapServers(), settings.registryUrl(), settings.scenario(),
                settings.seed(), settings.interval(), System.out::println);
        if (settings.heartbeatFile() != null) {
            simulator.heartbeat(new Heartbeat(settings.heartbeatFile()));
        }
        simulator.start();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stop.countDown();
        }, "workload-simulator-stop"));
        stop.await();
    }
}
