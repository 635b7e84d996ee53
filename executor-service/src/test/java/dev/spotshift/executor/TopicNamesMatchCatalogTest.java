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
}
