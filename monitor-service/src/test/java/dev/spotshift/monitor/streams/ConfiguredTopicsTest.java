package dev.spotshift.monitor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.schemas.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

class ConfiguredTopicsTest {

    @Test
    void readinessWaitsForExactlyTheCatalogTopicsTheTopologyReads() throws Exception {
        // Given the topics application.properties names for readiness
        Properties props = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            props.load(in);
        }
        Set<String> configured = new TreeSet<>(Arrays.asList(props.getProperty("quarkus.kafka-streams.topics").split(",")));

        // When the topology is described
        Set<String> read = new TreeSet<>();
        TopologyDescription description = TopologyProducer.topology(MonitorSerdes.plainAvro(),
                new MonitorSettings("monitor-service/test", 1_000, 1_000), new MonitorMetrics(new SimpleMeterRegistry())).describe();
        description.subtopologies().forEach(s -> s.nodes().forEach(n -> {
            if (n instanceof TopologyDescription.Source source) {
                read.addAll(source.topicSet());
            }
        }));

        // Then they are the same, and every one is in the catalog
        assertThat(configured).isEqualTo(read);
        assertThat(configured).allSatisfy(name -> assertThat(Topics.byName(name)).isPresent());
    }
}
