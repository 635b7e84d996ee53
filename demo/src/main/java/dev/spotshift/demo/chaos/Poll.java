package dev.spotshift.demo.chaos;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** A bounded re-evaluation: the runner is a command, not a test, so it has no Awaitility. */
final class Poll {

    private Poll() {}

    /** Evaluates {@code what} every {@code every} until {@code done} or the bound; returns the last value. */
    static <T> T until(Duration bound, Duration every, Supplier<T> what, Predicate<T> done) {
        long deadline = System.nanoTime() + bound.toNanos();
        T last = what.get();
        while (!done.test(last) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return last;
            }
            last = what.get();
        }
        return last;
    }
}
