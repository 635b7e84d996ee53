package dev.spotshift.monitor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.schemas.TopicSerdes;
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
        TopologyDescription description = TopologyProducer.topology(TopicSerdes.plainAvro(),
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

    @Test
    void everyInputIsReadThroughTheDeadLetteringDeserializationHandler() throws Exception {
        // Given application.properties
        Properties props = properties();

        // Then the Streams default handler dead-letters rather than logs and fails, and it can reach the registry
        assertThat(props.getProperty("kafka-streams.deserialization.exception.handler"))
                .isEqualTo(dev.spotshift.schemas.streams.DeadLetterDeserializationHandler.class.getName());
        assertThat(props.getProperty("kafka-streams." + dev.spotshift.schemas.streams.DeadLetterDeserializationHandler.REGISTRY_URL))
                .isNotBlank();
    }

    @Test
    void registersTheSchemaOfEveryTopicTheTopologyWritesBeforeTraffic() throws Exception {
        // Given the topics application.properties pre-registers
        Set<String> preregistered = new TreeSet<>(Arrays.asList(
                properties().getProperty(dev.spotshift.schemas.RegistryReadiness.PREREGISTER).split(",")));

        // When the topology is described
        Set<String> written = new TreeSet<>();
        TopologyProducer.topology(TopicSerdes.plainAvro(), new MonitorSettings("monitor-service/test", 1_000, 1_000),
                new MonitorMetrics(new SimpleMeterRegistry())).describe().subtopologies().forEach(s -> s.nodes().forEach(n -> {
                    if (n instanceof TopologyDescription.Sink sink) {
                        written.add(sink.topic());
                    }
                }));

        // Then every topic it writes, the dead letters included, is in the list
        assertThat(written).contains(Topics.DEAD_LETTERS.name());
        assertThat(preregistered).containsAll(written);
    }

    private Properties properties() throws Exception {
        Properties props = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            props.load(in);
        }
        return props;
    }
}
