package dev.spotshift.coordinator.streams;

import dev.spotshift.coordinator.domain.ApplicationAgent;
import dev.spotshift.coordinator.domain.InstanceCatalog;
import dev.spotshift.coordinator.domain.PerformanceAgent;
import dev.spotshift.coordinator.domain.ResourceAgent;
import dev.spotshift.coordinator.config.CoordinatorConfig;
import dev.spotshift.schemas.TopicSerdes;
import jakarta.enterprise.context.ApplicationScoped;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Produces;
import java.util.List;
import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The coordinator's Kafka Streams job; Quarkus runs whatever {@link Topology} this produces. */
@ApplicationScoped
public class TopologyProducer {

    @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url")
    String registryUrl;

    @jakarta.inject.Inject
    CoordinatorConfig config;

    /** The issuer of the operators' tokens, as the REST doors and the executor take it; unset: a RETRY as written. */
    @ConfigProperty(name = dev.spotshift.schemas.access.RestAccess.ISSUER)
    java.util.Optional<String> issuer;

    @ConfigProperty(name = dev.spotshift.schemas.access.RestAccess.PUBLIC_KEY_LOCATION)
    java.util.Optional<String> issuerKey;

    @Produces
    public Topology topology(MeterRegistry registry) {
        return CoordinatorTopology.build(
                List.of(new PerformanceAgent(InstanceCatalog.standard()), new ResourceAgent(), new ApplicationAgent()),
                TopicSerdes.registry(registryUrl), config.deadlineCheckInterval(), config.closedBallotRetention(),
                new CoordinatorMetrics(registry), dev.spotshift.schemas.access.OperatorProof.configured(
                        issuer.orElse(null), issuerKey.orElse(null)).orElse(null));
    }
}
