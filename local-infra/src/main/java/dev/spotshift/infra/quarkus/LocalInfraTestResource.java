package dev.spotshift.infra.quarkus;

import dev.spotshift.infra.LocalInfra;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Hands a {@code @QuarkusTest} the JVM-wide {@link LocalInfra#shared()} Kafka and Apicurio Registry:
 * <pre>
 *   &#64;QuarkusTest
 *   &#64;WithTestResource(value = LocalInfraTestResource.class, restrictToAnnotatedClass = false)
 *   class MyServiceTest { ... }
 * </pre>
 * Returns {@code kafka.bootstrap.servers} and {@code mp.messaging.connector.smallrye-kafka.apicurio.registry.url},
 * the one key for each. {@link #stop()} does nothing: the infrastructure is shared by every test class of the JVM and
 * stopped by its shutdown hook.
 *
 * <p>Dev Services must be off in the test profile (the schemas jar's shared settings do that for every service):
 * these addresses arrive too late to stop them.
 */
public class LocalInfraTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return LocalInfra.shared().quarkusConfig();
    }

    @Override
    public void stop() {
        // shared by all test classes of this JVM; the JVM shutdown hook stops it
    }
}
