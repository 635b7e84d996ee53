package dev.spotshift.executor.actuation;

import dev.spotshift.cloud.CapacityManager;
import dev.spotshift.cloud.Cloud;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A cloud whose capacity calls in one region hang until released: an endpoint that stopped answering. */
final class SlowCloud {

    private SlowCloud() {}

    static Cloud hangingIn(Cloud delegate, String region, CountDownLatch release) {
        CapacityManager capacity = (CapacityManager) Proxy.newProxyInstance(SlowCloud.class.getClassLoader(),
                new Class<?>[] {CapacityManager.class}, (proxy, method, args) -> {
                    if (args != null && args.length > 0 && region.equals(args[0])) {
                        release.await(60, TimeUnit.SECONDS);
                    }
                    return invoke(method, delegate.capacity(), args);
                });
        return (Cloud) Proxy.newProxyInstance(SlowCloud.class.getClassLoader(), new Class<?>[] {Cloud.class},
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
