package dev.spotshift.bridge;

import dev.spotshift.schemas.RegistryProbe;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while the schema registry does not answer: no event could be written or read. */
@Readiness
@ApplicationScoped
public class RegistryReadiness implements HealthCheck {

    private final RegistryProbe probe;

    public RegistryReadiness(
            @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url") String registryUrl,
            @ConfigProperty(name = "spotshift.health.registry-timeout", defaultValue = "2s") Duration timeout) {
        this.probe = new RegistryProbe(registryUrl, timeout);
    }

    @Override
    public HealthCheckResponse call() {
        RegistryProbe.Result r = probe.probe();
        return HealthCheckResponse.named("Schema registry").status(r.up())
                .withData("url", r.url()).withData("answer", r.detail()).build();
    }
}
