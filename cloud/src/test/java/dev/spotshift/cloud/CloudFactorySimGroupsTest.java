package dev.spotshift.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudFactorySimGroupsTest {

    @Test
    void startsTheSimulatedWorldWithTheConfiguredGroupsAllOnDemand() {
        // Given the demo's workload group in the configuration
        Map<String, String> config = Map.of(CloudFactory.SIM_GROUPS, "us-east-1/nightly-etl-batch/m5.large+m5a.large/4");
        // When the simulated cloud is built
        try (Cloud cloud = CloudFactory.fromConfig(config)) {
            // Then the group answers, with its capacity on on-demand
            GroupState g = cloud.capacity().describeGroup("us-east-1", "nightly-etl-batch");
            assertThat(g.desired()).isEqualTo(4);
            assertThat(g.onDemandPercentAboveBase()).isEqualTo(100);
        }
    }

    @Test
    void namesTheMalformedGroupEntry() {
        assertThatThrownBy(() -> CloudFactory.fromConfig(Map.of(CloudFactory.SIM_GROUPS, "us-east-1/etl")))
                .hasMessageContaining("us-east-1/etl");
    }
}
