package dev.spotshift.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.demo.DemoStack;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The fleet-wide money-leak check at the end of every scenario (seed 004: it must stay 0): the executor reaper's
 * count of capacity tagged by this deployment that no live plan accounts for, read from each stack a scenario has
 * started. Registered for every test of this module by JUnit's extension autodetection
 * (META-INF/services and junit-platform.properties), so a new scenario is checked without asking for it.
 */
public final class MoneyLeakCheck implements AfterEachCallback {

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (DemoStack stack : E2eStack.ifStarted().stream().toList()) {
            check(stack, "simulated", context);
        }
        for (DemoStack stack : AwsStack.ifStarted().stream().toList()) {
            check(stack, "AWS (moto)", context);
        }
    }

    private static void check(DemoStack stack, String which, ExtensionContext context) throws Exception {
        DemoStack.ServiceState executor = stack.services().get("executor-service");
        if (executor == null || !executor.ready() || executor.process() == null || !executor.process().isAlive()) {
            return; // no executor to read: the scenario already failed on requireAllServices, or stopped it itself
        }
        double leak = E2eStack.moneyLeak(stack);
        System.out.printf("money-leak check after %s on the %s stack: %.0f%n", context.getDisplayName(), which, leak);
        assertThat(leak)
                .as("money leak (spotshift_executor_orphaned_spot_instances) on the %s stack after %s", which,
                        context.getDisplayName())
                .isZero();
    }
}
