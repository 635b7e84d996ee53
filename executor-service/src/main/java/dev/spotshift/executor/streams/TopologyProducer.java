package dev.spotshift.executor.streams;

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
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Hands quarkus-kafka-streams the executor's topology, wired to the registry (it never calls the cloud). */
@ApplicationScoped
public class TopologyProducer {

    /** Dependent, not application-scoped: KafkaStreams reads the Topology's fields, which a client proxy would hide. */
    @Produces
    Topology topology(ExecutorConfig config, MeterRegistry registry,
                      @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url") String registryUrl,
                      @ConfigProperty(name = "quarkus.application.version", defaultValue = "0.1.0") String version) {
        SpotSettings spot = new SpotSettings(config.noticeMargin().toMillis(), config.stormWindow().toMillis(),
                SpotSettings.defaults().stormMinWarnings(), config.marketCheck().toMillis(),
                SpotSettings.defaults().enterBandPercent());
        Settings settings = new Settings(config.gateGrace().toMillis(), config.monitoringWait().toMillis(),
                config.maxRejudges(), config.processedIdsKept(), spot, true);
        String producer = "executor-service/" + version;
        ReaperSettings reaper = reaperSettings(config);
        return RolloutTopology.build(TopicSerdes.registry(registryUrl), new RolloutMachine(settings),
                config.deploymentId(), new ExecutorMetrics(registry), config.tick(),
                producer, reaper);
    }

    /** One reading of the reaper's settings for both halves: the judging here, the census in the actuator. */
    public static ReaperSettings reaperSettings(ExecutorConfig config) {
        return new ReaperSettings(config.reaperEvery(), config.reaperDryRun(), config.reaperGrace(),
                config.reaperRegions(), Topics.MIGRATION_DECISIONS.partitions());
    }
}
