package dev.spotshift.monitor.streams;

import dev.spotshift.schemas.streams.ReplaceStreamThread;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/** The shared Streams policies, installed here: Quarkus's Kafka Streams extension uses a bean of this type. */
@ApplicationScoped
public class StreamsWiring {

    @Produces
    @Singleton
    StreamsUncaughtExceptionHandler replaceDeadThreads(MeterRegistry registry) {
        return new ReplaceStreamThread(registry, TopologyProducer.CONSUMER);
    }
}
