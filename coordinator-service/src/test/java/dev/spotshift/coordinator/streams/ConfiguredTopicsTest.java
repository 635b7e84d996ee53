package dev.spotshift.coordinator.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.coordinator.domain.ResourceAgent;
import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.TopicSerdes;
import dev.spotshift.schemas.Topics;
import dev.spotshift.testsupport.CatalogContract;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfiguredTopicsTest {

    @Test
    void theShippedConfigurationAndTheTopologyNameTheSameCatalogTopics() {
        // Given the coordinator's topology, When it is checked against what application.properties ships,
        // Then readiness, dead-lettering and pre-registration agree with it and every topic is the catalog's
        CatalogContract.assertStreamsService(TopologyProducer.class, CoordinatorTopology.build(
                List.of(new ResourceAgent()), TopicSerdes.plainAvro(), Duration.ofSeconds(1), Duration.ofDays(1)));
    }

    @Test
    void readinessWaitsForTheBallotsInputsAndTheTopicsItWrites() {
        // Given the configuration, Then readiness waits for exactly these (the decisions and dead letters it writes too)
        assertThat(CatalogContract.readinessTopics(CatalogContract.shipped(TopologyProducer.class)))
                .containsExactlyInAnyOrderElementsOf(List.of(Topics.SPOT_ASSESSMENTS, Topics.AGENT_VOTES,
                        Topics.OPERATOR_COMMANDS, Topics.MIGRATION_DECISIONS, Topics.DEAD_LETTERS)
                        .stream().map(Topic::name).toList());
    }
}
