package dev.spotshift.monitor.streams;

import dev.spotshift.monitor.config.MonitorConfig;
import dev.spotshift.schemas.TopicSerdes;
import dev.spotshift.schemas.access.OperatorProof;
import dev.spotshift.schemas.access.RestAccess;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.Optional;
import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Quarkus wiring only: the settings and metrics {@link MonitorTopology#build} needs, from the configuration. */
@ApplicationScoped
public class TopologyProducer {

    @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url")
    String registryUrl;
    @Inject
    MonitorConfig config;
    @ConfigProperty(name = "quarkus.application.version", defaultValue = "0.1.0")
    String version;
    /** The issuer of the operators' tokens, as the REST doors take it: a RETRY is believed only with one of its tokens. */
    @ConfigProperty(name = RestAccess.ISSUER)
    Optional<String> issuer;
    @ConfigProperty(name = RestAccess.PUBLIC_KEY_LOCATION)
    Optional<String> issuerKey;

    @Produces
    @ApplicationScoped
    MonitorMetrics metrics(MeterRegistry registry) {
        return new MonitorMetrics(registry);
    }

    @Produces
    Topology buildTopology(MonitorMetrics metrics) {
        MonitorSettings settings = new MonitorSettings("monitor-service/" + version,
                config.gateCheckInterval().toMillis(), config.gateGrace().toMillis(), config.statusInterval().toMillis(),
                config.maxFutureSkew().toMillis());
        return MonitorTopology.build(TopicSerdes.registry(registryUrl), settings, metrics, (planId, event) -> { },
                OperatorProof.configured(issuer.orElse(null), issuerKey.orElse(null)).orElse(null));
    }
}
