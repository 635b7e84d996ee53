package dev.spotshift.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotshift.cloud.sim.SimClock;
import dev.spotshift.cloud.sim.SimulatedCloud;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudFactoryTest {

    @Test
    void buildsTheSimulatedCloudByDefault() {
        try (Cloud cloud = CloudFactory.fromConfig(Map.of())) {
            assertThat(cloud).isInstanceOf(SimulatedCloud.class);
            assertThat(((SimulatedCloud) cloud).seed()).isEqualTo(CloudFactory.DEFAULT_SEED);
        }
    }

    @Test
    void buildsADeterministicSimulationFromTheSeedAndAManualClock() {
        Map<String, String> config = Map.of(CloudFactory.SEED, "9", CloudFactory.SIM_CLOCK, "manual",
                CloudFactory.SIM_START, "2025-06-01T00:00:00Z");
        try (Cloud a = CloudFactory.fromConfig(config); Cloud b = CloudFactory.fromConfig(config)) {
            assertThat(a.clock()).isInstanceOf(SimClock.class);
            assertThat(a.clock().instant()).isEqualTo(Instant.parse("2025-06-01T00:00:00Z"));
            assertThat(a.market().spotPriceHistory("us-east-1", List.of("c5.large"), a.clock().instant().minusSeconds(86_400),
                    a.clock().instant())).isEqualTo(b.market().spotPriceHistory("us-east-1", List.of("c5.large"),
                    b.clock().instant().minusSeconds(86_400), b.clock().instant()));
        }
    }

    @Test
    void readsOnlyTheCloudPropertiesOfAServicesConfiguration() {
        java.util.Map<String, String> config = java.util.Map.of(
                CloudFactory.SEED, "7",
                "spotshift.cloud.sim.clock", "manual",
                "spotshift.cloudy", "not ours",
                "quarkus.http.port", "0");
        java.util.List<String> asked = new java.util.ArrayList<>();
        Cloud cloud = CloudFactory.fromProperties(config.keySet(), name -> {
            asked.add(name);
            return java.util.Optional.ofNullable(config.get(name));
        });
        assertThat(((dev.spotshift.cloud.sim.SimulatedCloud) cloud).seed()).isEqualTo(7);
        assertThat(cloud.clock()).isInstanceOf(dev.spotshift.cloud.sim.SimClock.class);
        assertThat(asked).containsExactlyInAnyOrder(CloudFactory.SEED, "spotshift.cloud.sim.clock");
    }

    @Test
    void rejectsAnUnknownKindOrABadSeedNamingTheKey() {
        assertThatThrownBy(() -> CloudFactory.fromConfig(Map.of(CloudFactory.KIND, "azure")))
                .hasMessageContaining(CloudFactory.KIND).hasMessageContaining("azure");
        assertThatThrownBy(() -> CloudFactory.fromConfig(Map.of(CloudFactory.SEED, "forty-two")))
                .hasMessageContaining(CloudFactory.SEED);
    }
}
