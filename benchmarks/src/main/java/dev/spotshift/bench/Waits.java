package dev.spotshift.bench;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;

/** Bounded polling for the harness (not a test): it waits on the system under measure, never on a guess. */
public final class Waits {

    private Waits() {}

    public static void pause(long millis) {
        LockSupport.parkNanos(millis * 1_000_000L);
    }

    /** True when the condition held before the timeout. */
    public static boolean until(BooleanSupplier condition, Duration timeout, long pollMillis) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            pause(pollMillis);
        }
        return true;
    }
}
