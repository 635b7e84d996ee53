package dev.spotshift.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service's own settings are checked at start: a bad one is refused there, named, with what is wrong. */
class BridgeConfigTest {

    @Test
    void theShippedSettingsAreValidInEveryProfile() throws IOException {
        for (String profile : new String[] {"prod", "test"}) {
            SmallRyeConfig config = new SmallRyeConfigBuilder().withProfile(profile).withMapping(BridgeConfig.class)
                    .withValidateUnknown(false)
                    .withSources(new PropertiesConfigSource(getClass().getResource("/application.properties"), 250))
                    .build();
            assertThat(config.getConfigMapping(BridgeConfig.class)).as(profile).isNotNull();
        }
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
        return new SmallRyeConfigBuilder().withMapping(BridgeConfig.class).withValidateUnknown(false)
                .withSources(new PropertiesConfigSource(values, "test", 500)).build().getConfigMapping(BridgeConfig.class);
    }
}
