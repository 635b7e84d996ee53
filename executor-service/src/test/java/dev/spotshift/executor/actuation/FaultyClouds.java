package dev.spotshift.executor.actuation;

import dev.spotshift.cloud.CapacityManager;
import dev.spotshift.cloud.Cloud;
import dev.spotshift.cloud.CloudException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** An account in front of another whose capacity calls misbehave: a region that hangs, an API that throttles. */
public final class FaultyClouds {

    private FaultyClouds() {}

    /** Capacity calls naming {@code region} hang until {@code release} (an endpoint that stopped answering). */
    public static Cloud hangingIn(Cloud delegate, String region, CountDownLatch release) {
        return withCapacity(delegate, (method, args) -> {
            if (args != null && args.length > 0 && region.equals(args[0])) {
                release.await(60, TimeUnit.SECONDS);
            }
        });
    }

    /** The named capacity calls answer THROTTLED while {@code active} holds, as Auto Scaling does under load. */
    public static Cloud throttling(Cloud delegate, Set<String> methods, BooleanSupplier active) {
        return withCapacity(delegate, (method, args) -> {
            if (methods.contains(method.getName()) && active.getAsBoolean()) {
                throw new CloudException("autoscaling:UpdateAutoScalingGroup", CloudException.Kind.THROTTLED,
                        "Rate exceeded");
            }
        });
    }

    /** The named capacity calls fail with {@code kind} every time (a shortage that does not clear within retries). */
    public static Cloud failing(Cloud delegate, Set<String> methods, CloudException.Kind kind, String message) {
        return withCapacity(delegate, (method, args) -> {
            if (methods.contains(method.getName())) {
                throw new CloudException("autoscaling:UpdateAutoScalingGroup", kind, message);
            }
        });
    }

    private interface Before {
        void call(Method method, Object[] args) throws Exception;
    }

    private static Cloud withCapacity(Cloud delegate, Before before) {
        CapacityManager capacity = (CapacityManager) Proxy.newProxyInstance(FaultyClouds.class.getClassLoader(),
                new Class<?>[] {CapacityManager.class}, (proxy, method, args) -> {
                    before.call(method, args);
                    return invoke(method, delegate.capacity(), args);
                });
        return (Cloud) Proxy.newProxyInstance(FaultyClouds.class.getClassLoader(), new Class<?>[] {Cloud.class},
                (proxy, method, args) -> method.getName().equals("capacity") ? capacity
                        : invoke(method, delegate, args));
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
