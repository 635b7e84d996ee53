package dev.spotshift.demo.chaos;

import dev.spotshift.cloud.CloudFactory;
import dev.spotshift.cloud.sim.SimulatedCloud;
import dev.spotshift.demo.DemoStack;
import dev.spotshift.demo.ServiceProcess;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the runner needs of a stack beyond its public face, read from the outside as an operator would: a service's
 * configuration is the {@code -D} settings its process was started with (so a second instance joins with the same
 * application id and the same simulated account), and the account is the world directory they name.
 */
final class StackAccess {

    /** Settings that belong to one process, not to the service: a second instance picks its own. */
    private static final List<String> PER_PROCESS = List.of("quarkus.http.port", "kafka-streams.state.dir",
            "spotshift.child", "spotshift.watchdog.", "java.io.tmpdir");

    private StackAccess() {}

    /** The {@code -D} configuration the running {@code service} was started with, less its per-process settings. */
    static Map<String, String> config(DemoStack stack, String service) {
        DemoStack.ServiceState s = stack.services().get(service);
        if (s == null || s.process() == null || !s.process().isAlive()) {
            throw new IllegalStateException(service + " is not running");
        }
        String[] args = ProcessHandle.of(s.process().pid()).flatMap(h -> h.info().arguments())
                .orElseThrow(() -> new IllegalStateException("cannot read the command line of " + service));
        Map<String, String> config = new LinkedHashMap<>();
        for (String a : args) {
            if (a.startsWith("-D") && a.contains("=")) {
                String key = a.substring(2, a.indexOf('='));
                if (PER_PROCESS.stream().noneMatch(key::startsWith)) {
                    config.put(key, a.substring(a.indexOf('=') + 1));
                }
            }
        }
        return config;
    }

    /** Another instance of {@code service}, sharing its partitions; the caller closes it. */
    static ServiceProcess startInstance(DemoStack stack, String service) {
        return ServiceProcess.start(service, DemoStack.runJar(service), config(stack, service),
                stack.options().serviceHeap());
    }

    /** The simulated account every process of the stack acts on. */
    static SimulatedCloud account(DemoStack stack) {
        String dir = config(stack, "executor-service").get(CloudFactory.SIM_WORLD_DIR);
        if (dir == null) {
            throw new IllegalStateException("the stack's services name no simulated world directory");
        }
        return new SimulatedCloud(stack.options().seed(), Clock.systemUTC()).shareWorld(Path.of(dir));
    }
}
