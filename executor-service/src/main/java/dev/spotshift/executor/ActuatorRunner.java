package dev.spotshift.executor;

import dev.spotshift.cloud.Cloud;
import dev.spotshift.executor.actuation.Actuator;
import dev.spotshift.executor.actuation.CapacityCensus;
import dev.spotshift.executor.actuation.CloudActions;
import dev.spotshift.executor.streams.TopologyProducer;
import dev.spotshift.schemas.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.common.serialization.Serializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Starts the actuator beside the Streams job (unless it runs as its own deployment), with the reaper's census, and
 * shows the cloud's circuit breakers as gauges. Its liveness is the poll loop's.
 */
@ApplicationScoped
@Liveness
public class ActuatorRunner implements HealthCheck {

    private Actuator actuator;

    @SuppressWarnings("unchecked")
    void start(@Observes StartupEvent start, ExecutorConfig config, Cloud cloud, MeterRegistry meters,
               @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
               @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url") String registryUrl,
               @ConfigProperty(name = "quarkus.application.version", defaultValue = "0.1.0") String version) {
        for (String state : new String[] {"CLOSED", "OPEN", "HALF_OPEN"}) {
            Gauge.builder("spotshift.actuator.breakers", cloud, c -> c.breakers().stream()
                    .filter(b -> state.equals(b.state().toString())).count()).tag("state", state).register(meters);
        }
        if (!config.actuatorEnabled()) {
            return;
        }
        Serializer<Object> values = (Serializer<Object>) (Serializer<?>) Topics.CLOUD_OUTCOMES
                .valueSerde(registryUrl).serializer();
        String producer = "executor-service/" + version + " (actuator)";
        var reaper = TopologyProducer.reaperSettings(config);
        actuator = new Actuator(bootstrap, values, Topics.CLOUD_COMMANDS.valueSerde(registryUrl).deserializer(),
                new CloudActions(cloud, config.cloudAttempts(), producer, config.spotLaunchWatch()), config.actuatorMaxInFlight(), meters,
                cloud.clock())
                // the reaper's census: what runs is listed here, judged in the stream, terminated by the actuator
                .withCensus(new CapacityCensus(cloud, config.deploymentId(), reaper.regions(), producer),
                        reaper.every())
                .start();
    }

    void stop(@Observes ShutdownEvent stop) {
        if (actuator != null) {
            actuator.close();
        }
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("actuator").status(actuator == null || actuator.alive()).build();
    }
}
