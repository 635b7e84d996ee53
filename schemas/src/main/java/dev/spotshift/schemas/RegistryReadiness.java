package dev.spotshift.schemas;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.NoSuchElementException;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Every service's readiness check on the schema registry: not ready while it does not answer, since no event
 * could be written or read. A CDI bean each Quarkus service discovers through this jar's Jandex index.
 * The URL is {@value #URL} if set, else the serdes' own ({@value #SERDE_URL}).
 */
@Readiness
@ApplicationScoped
public class RegistryReadiness implements HealthCheck {

    public static final String URL = "spotshift.health.registry-url";
    public static final String SERDE_URL = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url";
    public static final String TIMEOUT = "spotshift.health.registry-timeout";

    private final RegistryProbe probe;

    @Inject
    public RegistryReadiness(Config config) {
        String url = config.getOptionalValue(URL, String.class)
                .or(() -> config.getOptionalValue(SERDE_URL, String.class))
                .orElseThrow(() -> new NoSuchElementException("no schema registry URL: set " + URL + " or " + SERDE_URL));
        this.probe = new RegistryProbe(url, config.getOptionalValue(TIMEOUT, Duration.class).orElse(Duration.ofSeconds(2)));
    }

    @Override
    public HealthCheckResponse call() {
        RegistryProbe.Result r = probe.probe();
        return HealthCheckResponse.named("Schema registry").status(r.up())
                .withData("url", r.url()).withData("answer", r.detail()).build();
    }
}
