package dev.spotshift.schemas.streams;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.Readiness;

/**
 * The shared Streams policies of every Spotshift Streams service, in one place: a dead stream thread is replaced
 * (Quarkus's Kafka Streams extension installs a bean of this type), and readiness follows the client's state.
 * <p>
 * Switched on by the build property {@value #SWITCH}{@code =true} in a Streams service's application.properties:
 * the other services read this jar too and have no Kafka Streams on their class path, so the bean must not exist
 * for them.
 */
@ApplicationScoped
@IfBuildProperty(name = StreamsWiring.SWITCH, stringValue = "true")
public class StreamsWiring {

    public static final String SWITCH = "spotshift.streams.wiring";

    @Produces
    @Singleton
    StreamsUncaughtExceptionHandler replaceDeadThreads(MeterRegistry registry,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        return new ReplaceStreamThread(registry, service);
    }

    /** Not ready unless the Streams client is RUNNING or REBALANCING (Quarkus reports its state for liveness only). */
    @Produces
    @Readiness
    @ApplicationScoped
    HealthCheck streamsRunning(Instance<KafkaStreams> streams) {
        return StreamsReadiness.of(streams);
    }
}
