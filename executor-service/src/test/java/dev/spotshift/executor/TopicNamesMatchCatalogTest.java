package dev.spotshift.executor;

import dev.spotshift.executor.domain.RolloutMachine;
import dev.spotshift.executor.domain.Settings;
import dev.spotshift.executor.streams.ExecutorMetrics;
import dev.spotshift.executor.streams.RolloutTopology;
import dev.spotshift.executor.streams.TopologyProducer;
import dev.spotshift.schemas.TopicSerdes;
import dev.spotshift.schemas.Topics;
import dev.spotshift.testsupport.CatalogContract;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class TopicNamesMatchCatalogTest {

    @Test
    void theShippedConfigurationAndTheTopologyNameTheSameCatalogTopics() {
        // Given the executor's topology (describing it serializes nothing) and the actuator, which writes cloud
        // outcomes beside it, When checked against what application.properties ships, Then readiness (the kill
        // switch's global table included), dead-lettering and pre-registration agree and every topic is the catalog's
        CatalogContract.assertStreamsService(TopologyProducer.class, RolloutTopology.build(
                        TopicSerdes.using(topic -> Serdes.ByteArray()), new RolloutMachine(Settings.defaults()), "test",
                        new ExecutorMetrics(new SimpleMeterRegistry()), Duration.ofSeconds(1), "executor-service/test"),
                Topics.CLOUD_OUTCOMES.name());
    }
}
