package dev.spotshift.monitor.streams;

import dev.spotshift.schemas.streams.ReplaceStreamThread;
import dev.spotshift.schemas.streams.StreamsReadiness;
import jakarta.enterprise.inject.Instance;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.Readiness;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/**
 * The shared Streams policies, installed here: a dead stream thread is replaced (Quarkus's Kafka Streams extension
 * uses a bean of this type), and readiness follows the client's state.
 */
@ApplicationScoped
public class StreamsWiring {

    @Produces
    @Singleton
    StreamsUncaughtExceptionHandler replaceDeadThreads(MeterRegistry registry) {
        return new ReplaceStreamThread(registry, TopologyProducer.CONSUMER);
    }

    /** Not ready unless the Streams client is RUNNING or REBALANCING (Quarkus reports its state for liveness only). */
    @Produces
    @Readiness
    @ApplicationScoped
    HealthCheck streamsRunning(Instance<KafkaStreams> streams) {
        return StreamsReadiness.of(streams);
    }
}
