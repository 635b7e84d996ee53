package dev.spotshift.coordinator.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.TopicSerdes;
import dev.spotshift.schemas.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ConfiguredTopicsTest {

    @Test
    void everyTopicNamedInApplicationPropertiesIsInTheCatalog() throws IOException {
        Properties props = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            props.load(in);
        }
        List<String> named = props.stringPropertyNames().stream()
                .filter(k -> k.endsWith(".topic") || k.equals("quarkus.kafka-streams.topics"))
                .flatMap(k -> Arrays.stream(props.getProperty(k).split(",")))
                .map(String::trim)
                .toList();

        assertThat(named).isNotEmpty();
        assertThat(named).allSatisfy(name -> assertThat(Topics.byName(name)).as(name).isPresent());
    }

    @Test
    void theTopologyReadsAndWritesExactlyTheTopicsReadinessWaitsFor() throws IOException {
        Properties props = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            props.load(in);
        }
        List<String> gated = Arrays.stream(props.getProperty("quarkus.kafka-streams.topics").split(",")).map(String::trim).toList();

        assertThat(gated).containsExactlyInAnyOrderElementsOf(List.of(Topics.SPOT_ASSESSMENTS, Topics.AGENT_VOTES,
                Topics.OPERATOR_COMMANDS, Topics.MIGRATION_DECISIONS, Topics.DEAD_LETTERS).stream().map(Topic::name).toList());
    }

    @Test
    void everyInputIsReadThroughTheDeadLetteringDeserializationHandler() throws IOException {
        Properties props = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            props.load(in);
        }

        assertThat(props.getProperty("kafka-streams.deserialization.exception.handler"))
                .isEqualTo(dev.spotshift.schemas.streams.DeadLetterDeserializationHandler.class.getName());
        assertThat(props.getProperty("kafka-streams." + dev.spotshift.schemas.streams.DeadLetterDeserializationHandler.REGISTRY_URL))
                .isNotBlank();
    }

    @Test
    void registersTheSchemaOfEveryTopicTheTopologyWritesBeforeTraffic() throws IOException {
        // Given the topics application.properties pre-registers
        Properties props = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            props.load(in);
        }
        List<String> preregistered = Arrays.stream(props.getProperty(dev.spotshift.schemas.RegistryReadiness.PREREGISTER)
                .split(",")).map(String::trim).toList();

        // When the topology is described
        TopicSerdes serdes = TopicSerdes.plainAvro();
        List<String> written = new java.util.ArrayList<>();
        CoordinatorTopology.build(List.of(new dev.spotshift.coordinator.domain.ResourceAgent()), serdes,
                        java.time.Duration.ofSeconds(1), java.time.Duration.ofDays(1))
                .describe().subtopologies().forEach(s -> s.nodes().forEach(n -> {
                    if (n instanceof org.apache.kafka.streams.TopologyDescription.Sink sink) {
                        written.add(sink.topic());
                    }
                }));

        // Then every topic it writes, the dead letters included, is registered first
        assertThat(written).contains(Topics.DEAD_LETTERS.name());
        assertThat(preregistered).containsAll(written);
    }
}
