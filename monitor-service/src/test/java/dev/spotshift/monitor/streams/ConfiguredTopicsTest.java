package dev.spotshift.monitor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.TopicSerdes;
import dev.spotshift.testsupport.CatalogContract;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class ConfiguredTopicsTest {

    @Test
    void theShippedConfigurationAndTheTopologyNameTheSameCatalogTopics() {
        // Given the monitor's topology, When it is checked against what application.properties ships,
        // Then readiness, dead-lettering and pre-registration agree with it and every topic is the catalog's
        CatalogContract.assertStreamsService(TopologyProducer.class, MonitorTopology.build(TopicSerdes.plainAvro(),
                new MonitorSettings("monitor-service/test", 1_000, 1_000), new MonitorMetrics(new SimpleMeterRegistry())));
    }

    @Test
    void readinessWaitsForExactlyTheInputsTheMonitorReads() {
        // Given the configuration, Then readiness is exactly the monitor's inputs (it waits for none of its outputs)
        assertThat(CatalogContract.readinessTopics(CatalogContract.shipped(TopologyProducer.class)))
                .containsExactlyInAnyOrderElementsOf(MonitorTopology.INPUTS.stream().map(Topic::name).toList());
    }
}
