package dev.spotshift.executor.streams;

import dev.spotshift.cloud.CapacityManager;
import dev.spotshift.cloud.Cloud;
import dev.spotshift.cloud.CloudException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.function.BooleanSupplier;

/** An account whose named capacity calls answer THROTTLED while a condition holds, as Auto Scaling does under load. */
final class Faults {

    private Faults() {}

    static Cloud throttling(Cloud delegate, Set<String> methods, BooleanSupplier active) {
        CapacityManager capacity = (CapacityManager) Proxy.newProxyInstance(Faults.class.getClassLoader(),
                new Class<?>[] {CapacityManager.class}, (proxy, method, args) -> {
                    if (methods.contains(method.getName()) && active.getAsBoolean()) {
                        throw new CloudException("autoscaling:UpdateAutoScalingGroup", CloudException.Kind.THROTTLED,
                                "Rate exceeded");
                    }
                    return invoke(method, delegate.capacity(), args);
                });
        return (Cloud) Proxy.newProxyInstance(Faults.class.getClassLoader(), new Class<?>[] {Cloud.class},
                (proxy, method, args) -> method.getName().equals("capacity") ? capacity
                        : invoke(method, delegate, args));
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
