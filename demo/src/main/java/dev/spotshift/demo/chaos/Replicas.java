package dev.spotshift.demo.chaos;

import dev.spotshift.demo.DemoStack;
import dev.spotshift.demo.ServiceProcess;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Second instances of the executor and the monitor for one round: same application id, so each pair shares the
 * partitions. The fault kills one of each pair (seeded: the stack's or the second) and restarts nothing: the survivor
 * must take the partitions over and restore their state. Closing puts the stack back as it was (the killed original
 * restarted, the seconds stopped).
 */
final class Replicas implements AutoCloseable {

    static final List<String> SERVICES = List.of("executor-service", "monitor-service");

    private final DemoStack stack;
    private final Consumer<String> out;
    private final Map<String, ServiceProcess> seconds = new LinkedHashMap<>();
    private final Set<String> originalsKilled = new HashSet<>();

    private Replicas(DemoStack stack, Consumer<String> out) {
        this.stack = stack;
        this.out = out;
    }

    static Replicas start(DemoStack stack, Duration readyTimeout, Consumer<String> out) {
        Replicas r = new Replicas(stack, out);
        try {
            for (String service : SERVICES) {
                ServiceProcess p = StackAccess.startInstance(stack, service);
                r.seconds.put(service, p);
                if (!p.awaitReady(readyTimeout)) {
                    throw new IllegalStateException("second " + service + " not ready: " + p.logTail(10));
                }
                out.accept("  second " + service + " ready (pid " + p.pid() + ", log " + p.logFile() + ")");
            }
            return r;
        } catch (RuntimeException e) {
            r.close();
            throw e;
        }
    }

    void killOneOfEach(Random random) {
        for (String service : SERVICES) {
            if (random.nextBoolean()) {
                stack.crash(service);
                originalsKilled.add(service);
            } else {
                ServiceProcess p = seconds.get(service);
                p.kill();
                out.accept("  second " + service + " (pid " + p.pid() + ") killed with SIGKILL");
            }
        }
    }

    @Override
    public void close() {
        for (String service : originalsKilled) {
            DemoStack.ServiceState again = stack.restart(service);
            if (!again.ready()) {
                out.accept("  " + service + " did not come back: " + again.problem());
            }
        }
        originalsKilled.clear();
        seconds.values().forEach(ServiceProcess::close);
        seconds.clear();
    }
}
