package dev.spotshift.analyzer;

import dev.spotshift.cloud.Cloud;
import dev.spotshift.cloud.CloudFactory;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.eclipse.microprofile.config.Config;

/** The cloud port from configuration ({@code spotshift.cloud.kind=simulated|aws}, ...); one per service. */
public class CloudProducer {

    @Produces
    @Singleton
    Cloud cloud(Config config) {
        return CloudFactory.fromProperties(config.getPropertyNames(), n -> config.getOptionalValue(n, String.class));
    }

    void close(@Disposes Cloud cloud) {
        cloud.close();
    }

    /** The service runs on the cloud's clock, so a simulated world can move time for the whole analyzer. */
    @Produces
    @Singleton
    Clock clock(Cloud cloud) {
        return cloud.clock();
    }
}
