package dev.spotshift.executor;

import dev.spotshift.cloud.Cloud;
import dev.spotshift.cloud.CloudFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.Config;

/** The cloud port, built from every {@code spotshift.cloud.*} property (simulated unless told otherwise). */
@ApplicationScoped
public class CloudProducer {

    @Produces
    @ApplicationScoped
    Cloud cloud(Config config) {
        return CloudFactory.fromProperties(config.getPropertyNames(), n -> config.getOptionalValue(n, String.class));
    }

    void close(@Disposes Cloud cloud) {
        cloud.close();
    }
}
