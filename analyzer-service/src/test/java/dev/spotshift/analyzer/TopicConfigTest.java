package dev.spotshift.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.schemas.Topics;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class TopicConfigTest {

    @Test
    void everyChannelTopicAndDeadLetterTopicIsInTheCatalog() throws Exception {
        Properties p = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            p.load(in);
        }
        var topics = p.stringPropertyNames().stream()
                .filter(k -> k.startsWith("mp.messaging.") && (k.endsWith(".topic")))
                .map(p::getProperty).toList();

        assertThat(topics).isNotEmpty().allSatisfy(t -> assertThat(Topics.byName(t)).as(t).isPresent());
        assertThat(topics).contains(Topics.MIGRATION_PLANS.name(), Topics.SPOT_ASSESSMENTS.name(), Topics.DEAD_LETTERS.name());
    }
}
