package dev.spotshift.schemas.streams;

import jakarta.enterprise.inject.Instance;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Readiness of a Streams client: UP only while it is RUNNING or REBALANCING. Quarkus's own Kafka Streams checks
 * report the state for liveness only and the topics for readiness, so a client in ERROR, PENDING_SHUTDOWN or
 * NOT_RUNNING (or not started yet) kept answering ready while it processed nothing. Not a CDI bean itself (not every
 * service runs Streams, and a bean here would load Kafka Streams classes in those that do not): a Streams service
 * produces it with {@code @Produces @Readiness} from {@link #of(Instance)}.
 */
public final class StreamsReadiness implements HealthCheck {

    public static final String NAME = "Kafka Streams client running";

    private final Supplier<KafkaStreams.State> state;

    public StreamsReadiness(Supplier<KafkaStreams.State> state) {
        this.state = state;
    }

    /** The check of the service's Streams client; DOWN, saying so, where the service has none to inject. */
    public static StreamsReadiness of(Instance<KafkaStreams> streams) {
        return new StreamsReadiness(() -> {
            if (!streams.isResolvable()) {
                throw new IllegalStateException("no Kafka Streams client in this service");
            }
            return streams.get().state();
        });
    }

    @Override
    public HealthCheckResponse call() {
        KafkaStreams.State s;
        try {
            s = state.get();
        } catch (RuntimeException e) {
            // The client could not even be made (e.g. its topics never appeared): not ready.
            return HealthCheckResponse.named(NAME).down().withData("state", "unavailable: " + e.getMessage()).build();
        }
        boolean up = s == KafkaStreams.State.RUNNING || s == KafkaStreams.State.REBALANCING;
        return HealthCheckResponse.named(NAME).status(up).withData("state", String.valueOf(s)).build();
    }
}
