package dev.spotshift.executor.streams;

import dev.spotshift.executor.domain.ReaperSettings;
import dev.spotshift.executor.domain.RolloutMachine;
import dev.spotshift.executor.domain.Settings;
import dev.spotshift.executor.domain.SpotSettings;
import dev.spotshift.executor.ExecutorConfig;
import dev.spotshift.schemas.TopicSerdes;
import dev.spotshift.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.streams.Topology;
import dev.spotshift.schemas.access.OperatorProof;
import dev.spotshift.schemas.access.RestAccess;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Hands quarkus-kafka-streams the executor's topology, wired to the registry (it never calls the cloud). */
@ApplicationScoped
public class TopologyProducer {

    private static final Logger LOG = Logger.getLogger(TopologyProducer.class);

    /** Dependent, not application-scoped: KafkaStreams reads the Topology's fields, which a client proxy would hide. */
    @Produces
    Topology topology(ExecutorConfig config, MeterRegistry registry,
                      @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url") String registryUrl,
                      @ConfigProperty(name = "quarkus.application.version", defaultValue = "0.1.0") String version,
                      @ConfigProperty(name = RestAccess.ISSUER) Optional<String> issuer,
                      @ConfigProperty(name = RestAccess.PUBLIC_KEY_LOCATION) Optional<String> issuerKey) {
        SpotSettings spot = new SpotSettings(config.noticeMargin().toMillis(), config.stormWindow().toMillis(),
                SpotSettings.defaults().stormMinWarnings(), config.marketCheck().toMillis(),
                SpotSettings.defaults().enterBandPercent());
        Settings settings = new Settings(config.gateGrace().toMillis(), config.monitoringWait().toMillis(),
                config.maxRejudges(), config.processedIdsKept(), spot, true);
        String producer = "executor-service/" + version;
        ReaperSettings reaper = reaperSettings(config);
        return RolloutTopology.build(TopicSerdes.registry(registryUrl), new RolloutMachine(settings),
                config.deploymentId(), new ExecutorMetrics(registry), config.tick(),
                producer, reaper, operatorProof(issuer, issuerKey));
    }

    /**
     * Operator commands are checked against the issuer of the REST doors' tokens when its key is configured
     * ({@code MP_JWT_VERIFY_ISSUER}, {@code MP_JWT_VERIFY_PUBLICKEY_LOCATION}); without one the executor cannot tell who
     * sent a command, and says so once at start. A key that cannot be read stops the start: better no executor than
     * one that believes every name.
     */
    static OperatorProof operatorProof(Optional<String> issuer, Optional<String> issuerKey) {
        Optional<OperatorProof> proof = OperatorProof.configured(issuer.orElse(null), issuerKey.orElse(null));
        if (proof.isEmpty()) {
            LOG.warnf("no token issuer configured (%s, %s): operator commands are acted on without proof of who sent"
                    + " them; the audit marks them unverified", RestAccess.ISSUER, RestAccess.PUBLIC_KEY_LOCATION);
        }
        return proof.orElse(null);
    }

    /** One reading of the reaper's settings for both halves: the judging here, the census in the actuator. */
    public static ReaperSettings reaperSettings(ExecutorConfig config) {
        return new ReaperSettings(config.reaperEvery(), config.reaperDryRun(), config.reaperGrace(),
                config.reaperRegions(), Topics.MIGRATION_DECISIONS.partitions());
    }
}
