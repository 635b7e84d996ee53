package dev.spotshift.bridge;
import dev.spotshift.bridge.config.BridgeConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotshift.testsupport.ConfigMappings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service's own settings are checked at start: a bad one is refused there, named, with what is wrong. */
class BridgeConfigTest {

    @Test
    void theShippedSettingsAreValidInEveryProfile() {
        ConfigMappings.assertShippedSettingsValid(BridgeConfig.class);
    }

    @Test
    void refusesAMalformedDurationNamingItAndWhatIsWrong() {
        assertThatThrownBy(() -> with(Map.of("spotshift.bridge.notices.receive-wait", "soon")))
                .hasMessageContaining("spotshift.bridge.notices.receive-wait").hasMessageContaining("is not a duration");
    }

    @Test
    void refusesAZeroDurationNamingIt() {
        assertThatThrownBy(() -> with(Map.of("spotshift.bridge.notices.receive-wait", "0s")))
                .hasMessageContaining("spotshift.bridge.notices.receive-wait").hasMessageContaining("above zero");
    }

    @Test
    void refusesANestedSettingNamingItWholly() {
        assertThatThrownBy(() -> with(Map.of("spotshift.bridge.metrics.interval", "-60s")))
                .hasMessageContaining("spotshift.bridge.metrics.interval").hasMessageContaining("above zero");
    }

    @Test
    void takesTheDefaultsWhenNothingIsSet() {
        assertThat(with(Map.of())).isNotNull();
    }

    private static BridgeConfig with(Map<String, String> values) {
        return ConfigMappings.load(BridgeConfig.class, values);
    }
}
