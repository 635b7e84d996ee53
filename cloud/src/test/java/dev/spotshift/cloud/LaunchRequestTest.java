package dev.spotshift.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LaunchRequestTest {

    private static LaunchRequest withToken(String token) {
        return new LaunchRequest("us-east-1", null, List.of("m5.large"), Lifecycle.SPOT, "p-1", Map.of(), token, null);
    }

    @Test
    void acceptsACommandDerivedTokenOfUpTo64Characters() {
        assertThat(withToken("9f1c2d3e-0000-3000-8000-000000000001").clientToken()).hasSize(36);
        assertThat(withToken("t".repeat(64)).clientToken()).hasSize(64);
    }

    @Test
    void refusesALaunchWithoutAUsableToken() {
        assertThatThrownBy(() -> withToken(null)).hasMessageContaining("clientToken must be given");
        assertThatThrownBy(() -> withToken("  ")).hasMessageContaining("clientToken must be given");
        assertThatThrownBy(() -> withToken("t".repeat(65))).hasMessageContaining("at most 64");
        assertThatThrownBy(() -> withToken("tök")).hasMessageContaining("ASCII");
    }

    @Test
    void refusesABlankDeploymentButAcceptsNone() {
        assertThat(withToken("c-1").deploymentId()).isNull();
        assertThatThrownBy(() -> new LaunchRequest("us-east-1", null, List.of("m5.large"), Lifecycle.SPOT, "p-1",
                Map.of(), "c-1", " ")).hasMessageContaining("deploymentId");
    }

    @Test
    void spotMaxPriceIsAPositiveDecimalOrNone() {
        assertThat(new SpotShare(0, 0, SpotShare.CAPACITY_OPTIMIZED, List.of("m5.large")).spotMaxPrice()).isNull();
        assertThat(new SpotShare(0, 0, SpotShare.CAPACITY_OPTIMIZED, List.of("m5.large"), "0.045").spotMaxPrice())
                .isEqualTo("0.045");
        assertThatThrownBy(() -> new SpotShare(0, 0, SpotShare.CAPACITY_OPTIMIZED, List.of("m5.large"), "cheap"))
                .hasMessageContaining("decimal");
        assertThatThrownBy(() -> new SpotShare(0, 0, SpotShare.CAPACITY_OPTIMIZED, List.of("m5.large"), "0"))
                .hasMessageContaining("positive");
    }
}
