package dev.spotshift.cloud.aws;

import dev.spotshift.cloud.BreakerSnapshot;
import dev.spotshift.cloud.CloudException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One circuit breaker per region and operation ({@code us-east-1/autoscaling:UpdateAutoScalingGroup}) around every
 * AWS call: a region that stops answering costs each caller one fast failure instead of the full call timeout, and
 * never slows calls to another region or another API. Only failures that say the service is unwell (UNAVAILABLE,
 * which includes timeouts, and THROTTLED, both after the SDK's own retries) count; an answer such as NOT_FOUND or
 * INVALID_REQUEST proves the service is up and resets the count.
 */
final class AwsBreakers {

    private record Guarded(CircuitBreaker breaker, AtomicInteger consecutiveFailures, AtomicReference<Instant> openUntil) {
    }

    private final Clock clock;
    private final Duration openFor;
    private final CircuitBreakerRegistry registry;
    private final Map<String, Guarded> byName = new ConcurrentHashMap<>();

    AwsBreakers(int failureThreshold, Duration openFor, Clock clock) {
        this.clock = clock;
        this.openFor = openFor;
        // A count window of N calls that opens at a 100 % failure rate opens after exactly N consecutive failures.
        this.registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(failureThreshold)
                .minimumNumberOfCalls(failureThreshold)
                .failureRateThreshold(100)
                .waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .writableStackTraceEnabled(false)
                .clock(clock)
                .build());
    }

    <T> T call(String region, String operation, Supplier<T> call) {
        String name = region + "/" + operation;
        Guarded g = byName.computeIfAbsent(name, this::create);
        if (!g.breaker().tryAcquirePermission()) {
            Instant until = g.openUntil().get();
            throw new CloudException(operation, CloudException.Kind.UNAVAILABLE,
                    g.breaker().getState() == CircuitBreaker.State.HALF_OPEN
                            ? "circuit half-open for " + name + ": its trial call is still running"
                            : "circuit open for " + name + " until " + until);
        }
        long start = System.nanoTime();
        try {
            T result = AwsErrors.call(operation, call);
            g.consecutiveFailures().set(0);
            g.breaker().onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return result;
        } catch (CloudException e) {
            if (unwell(e)) {
                g.consecutiveFailures().incrementAndGet();
                g.breaker().onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            } else {
                g.consecutiveFailures().set(0);
                g.breaker().onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
            throw e;
        } catch (RuntimeException | Error e) {
            // Not an answer from AWS (a bug, a parse error in our code): it says nothing about the service.
            g.breaker().releasePermission();
            throw e;
        }
    }

    List<BreakerSnapshot> snapshot() {
        return byName.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> {
            Guarded g = e.getValue();
            BreakerSnapshot.State state = switch (g.breaker().getState()) {
                case OPEN, FORCED_OPEN -> BreakerSnapshot.State.OPEN;
                case HALF_OPEN -> BreakerSnapshot.State.HALF_OPEN;
                default -> BreakerSnapshot.State.CLOSED;
            };
            return new BreakerSnapshot(e.getKey(), state, g.consecutiveFailures().get(),
                    state == BreakerSnapshot.State.OPEN ? g.openUntil().get() : null);
        }).toList();
    }

    private static boolean unwell(CloudException e) {
        return e.kind() == CloudException.Kind.UNAVAILABLE || e.kind() == CloudException.Kind.THROTTLED;
    }

    private Guarded create(String name) {
        CircuitBreaker breaker = registry.circuitBreaker(name);
        AtomicReference<Instant> openUntil = new AtomicReference<>();
        breaker.getEventPublisher().onStateTransition(t -> {
            if (t.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                openUntil.set(clock.instant().plus(openFor));
            }
        });
        return new Guarded(breaker, new AtomicInteger(), openUntil);
    }
}
