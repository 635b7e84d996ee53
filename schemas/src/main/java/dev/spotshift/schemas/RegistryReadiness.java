package dev.spotshift.schemas;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Every service's readiness check on the schema registry: not ready while it does not answer, since no event
 * could be written or read, nor until the value schemas of the topics in {@value #PREREGISTER} (default: the
 * dead letters, which every service may write) are registered. Registration starts when the application starts,
 * off the start-up thread, and is retried by each readiness call until it is complete.
 * A CDI bean each Quarkus service discovers through this jar's Jandex index.
 * It asks the registry the serdes use ({@value #SERDE_URL}, the one registry key of every service).
 */
@Readiness
@ApplicationScoped
public class RegistryReadiness implements HealthCheck {

    public static final String SERDE_URL = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url";
    public static final String TIMEOUT = "spotshift.health.registry-timeout";
    /** Catalog topic names, comma-separated, whose value schemas must be registered before traffic. */
    public static final String PREREGISTER = "spotshift.registry.preregister";

    private final RegistryProbe probe;
    private final SchemaPreregistration schemas;

    @Inject
    public RegistryReadiness(Config config) {
        String url = config.getOptionalValue(SERDE_URL, String.class)
                .orElseThrow(() -> new NoSuchElementException("no schema registry URL: set " + SERDE_URL));
        this.probe = new RegistryProbe(url, config.getOptionalValue(TIMEOUT, Duration.class).orElse(Duration.ofSeconds(2)));
        List<String> names = config.getOptionalValues(PREREGISTER, String.class).orElse(List.of(Topics.DEAD_LETTERS.name()));
        this.schemas = SchemaPreregistration.viaSerde(SchemaPreregistration.topics(names), url);
    }

    /**
     * Registers in the background from start until every schema is in: the registry may come up after us, and the
     * registry client's HTTP transport may be installed by the framework a moment after this bean starts.
     */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        Thread t = new Thread(() -> {
            long backoff = 200;
            while (!schemas.attempt()) {
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = Math.min(5_000, backoff * 2);
            }
        }, "schema-preregistration");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public HealthCheckResponse call() {
        RegistryProbe.Result r = probe.probe();
        if (r.up() && !schemas.complete()) {
            // Off the probe's thread: a registry that accepts connections but hangs must not hang the probe.
            CompletableFuture.runAsync(schemas::attempt);
        }
        return HealthCheckResponse.named("Schema registry").status(r.up() && schemas.complete())
                .withData("url", r.url()).withData("answer", r.detail()).withData("schemas", schemas.detail()).build();
    }
}
