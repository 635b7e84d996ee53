package dev.spotshift.cloud;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

/**
 * The cloud port of a Quarkus service, built from every {@code spotshift.cloud.*} property (simulated unless told
 * otherwise) and closed at shutdown. One producer for every service that injects {@link Cloud}: they find it through
 * this jar's Jandex index; a service that depends on this jar but injects no Cloud (the notifier) never builds one.
 */
@ApplicationScoped
public class CloudProducer {

    // Singleton, not a client proxy: the analyzer names the simulated market by its seed (instanceof SimulatedCloud),
    // and tests reach the simulated world through the injected port.
    @Produces
    @Singleton
    Cloud cloud(Config config) {
        return CloudFactory.fromProperties(config.getPropertyNames(), n -> config.getOptionalValue(n, String.class));
    }

    void close(@Disposes Cloud cloud) {
        cloud.close();
    }
}
