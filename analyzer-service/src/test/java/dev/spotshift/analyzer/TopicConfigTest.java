package dev.spotshift.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.schemas.Topics;
import dev.spotshift.testsupport.CatalogContract;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class TopicConfigTest {

    @Test
    void everyChannelTopicAndDeadLetterTopicIsInTheCatalog() {
        // Given the service's configuration, When its topics are checked against the catalog
        Properties shipped = CatalogContract.assertNamesOnlyCatalogTopics(TopicConfigTest.class);

        // Then the analyzer's intake, its output and its dead letters are among its channels
        assertThat(CatalogContract.channelTopics(shipped)).contains(Topics.MIGRATION_PLANS.name(),
                Topics.SPOT_ASSESSMENTS.name(), Topics.DEAD_LETTERS.name());
    }
}
