package dev.spotshift.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.schemas.Topics;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ConfiguredTopicsTest {

    @Test
    void everyChannelNamesCatalogTopicsAndTheNotifierReadsStatusAndRollbacks() throws Exception {
        // Given the service's configuration
        Properties p = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            p.load(in);
        }

        // When the channels' topics are read
        var topics = p.stringPropertyNames().stream()
                .filter(k -> k.startsWith("mp.messaging.") && (k.endsWith(".topic") || k.endsWith(".topics")))
                .flatMap(k -> Arrays.stream(p.getProperty(k).split(","))).map(String::trim).toList();

        // Then each is in the catalog, and what the notifier reads is there
        assertThat(topics).allSatisfy(t -> assertThat(Topics.byName(t)).as(t).isPresent());
        assertThat(p.getProperty("mp.messaging.incoming.events.topics").split(","))
                .contains(Topics.MIGRATION_STATUS.name(), Topics.ROLLBACK_COMMANDS.name());
    }
}
