package dev.spotshift.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.schemas.Topics;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ConfiguredTopicsTest {

    @Test
    void everyChannelWritesACatalogTopicAndTheThreeOutputsAreThere() throws Exception {
        // Given the service's configuration
        Properties p = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            p.load(in);
        }

        // When the channels' topics are read
        var topics = p.stringPropertyNames().stream()
                .filter(k -> k.startsWith("mp.messaging.") && k.endsWith(".topic"))
                .map(p::getProperty).toList();

        // Then each is in the catalog, and they are exactly what the bridge writes
        assertThat(topics).allSatisfy(t -> assertThat(Topics.byName(t)).as(t).isPresent());
        assertThat(topics).containsExactlyInAnyOrder(Topics.SPOT_INTERRUPTIONS.name(), Topics.WORKLOAD_METRICS.name(),
                Topics.DEAD_LETTERS.name());
    }
}
