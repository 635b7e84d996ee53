package dev.spotshift.coordinator.streams;

import dev.spotshift.schemas.streams.StreamsReadiness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready unless the Streams client is RUNNING or REBALANCING (Quarkus reports its state for liveness only). */
@Readiness
@ApplicationScoped
public class StreamsRunningCheck implements HealthCheck {

    private final StreamsReadiness check;

    @Inject
    public StreamsRunningCheck(Instance<KafkaStreams> streams) {
        this.check = new StreamsReadiness(() -> streams.get().state());
    }

    @Override
    public HealthCheckResponse call() {
        return check.call();
    }
}
