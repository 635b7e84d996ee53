package dev.spotshift.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.schemas.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class TopicNamesMatchCatalogTest {

    @Test
    void everyTopicTheStreamsAppWaitsForIsInTheCatalog() throws IOException {
        // Given the service's configuration
        Properties props = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            props.load(in);
        }

        // When the topics Kafka Streams waits for are read
        String[] topics = props.getProperty("quarkus.kafka-streams.topics").split(",");

        // Then each is a catalog topic
        assertThat(Arrays.stream(topics).map(String::trim)).allSatisfy(t -> assertThat(Topics.byName(t)).isPresent());
        assertThat(topics).hasSize(9);
    }

    private Properties properties() throws IOException {
        Properties props = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            props.load(in);
        }
        return props;
    }

    @Test
    void everyInputTheKillSwitchIncludedIsReadThroughTheDeadLetteringHandler() throws IOException {
        // Given application.properties
        Properties props = properties();

        // Then the Streams default handler (global tables use it too) dead-letters, and can reach the registry
        assertThat(props.getProperty("kafka-streams.deserialization.exception.handler"))
                .isEqualTo(dev.spotshift.schemas.streams.DeadLetterDeserializationHandler.class.getName());
        assertThat(props.getProperty("kafka-streams."
                + dev.spotshift.schemas.streams.DeadLetterDeserializationHandler.REGISTRY_URL)).isNotBlank();
    }

    @Test
    void registersTheSchemaOfEveryTopicTheTopologyAndTheActuatorWriteBeforeTraffic() throws IOException {
        // Given the topics application.properties pre-registers
        java.util.Set<String> preregistered = new java.util.TreeSet<>(Arrays.asList(
                properties().getProperty(dev.spotshift.schemas.RegistryReadiness.PREREGISTER).split(",")));

        // When the topology is described
        java.util.Set<String> written = new java.util.TreeSet<>();
        dev.spotshift.executor.streams.RolloutTopology.build(
                // describing the topology serializes nothing
                dev.spotshift.schemas.TopicSerdes.using(topic -> org.apache.kafka.common.serialization.Serdes.ByteArray()),
                new dev.spotshift.executor.domain.RolloutMachine(dev.spotshift.executor.domain.Settings.defaults()),
                "test", new dev.spotshift.executor.streams.ExecutorMetrics(
                        new io.micrometer.core.instrument.simple.SimpleMeterRegistry()),
                java.time.Duration.ofSeconds(1), "executor-service/test")
                .describe().subtopologies().forEach(s -> s.nodes().forEach(n -> {
                    // the wave hand-off's internal topic carries plain Avro (no registry): nothing to register
                    if (n instanceof org.apache.kafka.streams.TopologyDescription.Sink sink
                            && !sink.topic().endsWith("-repartition")) {
                        written.add(sink.topic());
                    }
                }));
        written.add(Topics.CLOUD_OUTCOMES.name()); // the actuator's

        // Then every topic written, the dead letters included, is in the list
        assertThat(written).contains(Topics.DEAD_LETTERS.name(), Topics.CLOUD_COMMANDS.name());
        assertThat(preregistered).containsAll(written);
    }
}
