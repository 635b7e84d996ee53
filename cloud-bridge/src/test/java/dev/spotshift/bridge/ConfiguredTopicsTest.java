package dev.spotshift.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.schemas.Topics;
import dev.spotshift.testsupport.CatalogContract;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ConfiguredTopicsTest {

    @Test
    void everyChannelWritesACatalogTopicAndTheThreeOutputsAreThere() {
        // Given the service's configuration, When its topics are checked against the catalog
        Properties shipped = CatalogContract.assertNamesOnlyCatalogTopics(ConfiguredTopicsTest.class);

        // Then they are exactly what the bridge writes
        assertThat(CatalogContract.channelTopics(shipped)).containsExactlyInAnyOrder(Topics.SPOT_INTERRUPTIONS.name(),
                Topics.WORKLOAD_METRICS.name(), Topics.DEAD_LETTERS.name());
    }
}
