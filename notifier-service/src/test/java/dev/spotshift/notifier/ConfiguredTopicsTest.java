package dev.spotshift.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.schemas.Topics;
import dev.spotshift.testsupport.CatalogContract;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ConfiguredTopicsTest {

    @Test
    void everyChannelNamesCatalogTopicsAndTheNotifierReadsStatusAndRollbacks() {
        // Given the service's configuration, When its topics are checked against the catalog
        Properties shipped = CatalogContract.assertNamesOnlyCatalogTopics(ConfiguredTopicsTest.class);

        // Then what the notifier reads is there
        assertThat(CatalogContract.channelTopics(shipped))
                .contains(Topics.MIGRATION_STATUS.name(), Topics.ROLLBACK_COMMANDS.name());
    }
}
