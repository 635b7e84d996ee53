package dev.spotshift.coordinator.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.schemas.Topic;
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
                Topics.MIGRATION_DECISIONS, Topics.DEAD_LETTERS).stream().map(Topic::name).toList());
    }
}
