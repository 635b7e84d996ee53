package dev.spotshift.bridge;
import dev.spotshift.bridge.config.BridgeConfig;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: the broker answers the directory reader and the directory is complete (before that, an owned
 * instance would look unowned). Liveness: the reader and the notice loop run and come round.
 */
@ApplicationScoped
public class BridgeHealth {

    private final PlanDirectory directory;
    private final NoticeBridge notices;
    private final BridgeConfig config;

    public BridgeHealth(PlanDirectory directory, NoticeBridge notices, BridgeConfig config) {
        this.directory = directory;
        this.notices = notices;
        this.config = config;
    }

    @Produces
    @Readiness
    HealthCheck kafka() {
        return () -> {
            Instant contact = directory.lastContact();
            boolean fresh = contact != null
                    && Duration.between(contact, Instant.now()).compareTo(config.kafkaStale()) <= 0;
            return HealthCheckResponse.named("Kafka (live-plan directory)").status(fresh && directory.caughtUp())
                    .withData("lastContact", String.valueOf(contact))
                    .withData("caughtUp", directory.caughtUp())
                    .withData("livePlans", directory.plans().size()).build();
        };
    }

    @Produces
    @Liveness
    HealthCheck loops() {
        return () -> {
            boolean directoryOk = directory.alive() && recent(directory.heartbeat());
            boolean noticesOk = !notices.enabled() || (notices.alive() && recent(notices.heartbeat()));
            return HealthCheckResponse.named("Bridge loops").status(directoryOk && noticesOk)
                    .withData("directory", directoryOk).withData("notices", notices.enabled() ? String.valueOf(noticesOk) : "disabled")
                    .build();
        };
    }

    private boolean recent(Instant heartbeat) {
        return Duration.between(heartbeat, Instant.now()).compareTo(config.livenessStall()) <= 0;
    }
}
