package dev.spotshift.bridge;

import dev.spotshift.cloud.Cloud;
import dev.spotshift.cloud.CloudFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/** The cloud port, built from every {@code spotshift.cloud.*} property (simulated unless told otherwise). */
@ApplicationScoped
public class CloudProducer {

    @Produces
    @ApplicationScoped
    Cloud cloud(Config config) {
        Map<String, String> settings = new HashMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("spotshift.cloud.")) {
                config.getOptionalValue(name, String.class).ifPresent(v -> settings.put(name, v));
            }
        }
        return CloudFactory.fromConfig(settings);
    }

    void close(@Disposes Cloud cloud) {
        cloud.close();
    }
}
